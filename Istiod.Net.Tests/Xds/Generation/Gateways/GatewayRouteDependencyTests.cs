using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.Filters.Network.TcpProxy.V3;
using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Xds.Generation;
using Istiod.Net.Xds.Protocol;
using static Istiod.Net.Tests.Xds.Generation.Gateways.GatewayConfigs;

namespace Istiod.Net.Tests.Xds.Generation.Gateways;

/// <summary>
/// A gateway's route configurations and listeners read the VirtualServices whose hosts meet their servers'
/// hosts (wildcards included), not every VirtualService: a change elsewhere keeps the cached resource (the same
/// instance), while a change that reaches a server, a re-binding from one Gateway to another included,
/// regenerates it.
/// </summary>
public sealed class GatewayRouteDependencyTests
{
    private static string Http(uint port, string hosts) => $$"""
        - port: {number: {{port}}, name: http-{{port}}, protocol: HTTP}
          hosts: {{hosts}}
        """;

    private static string Routed(string name, string host, string gateway, uint timeoutSeconds) =>
        Bound(name, "default", $"[\"{host}\"]", $"[istio-system/{gateway}]", $"http:\n- timeout: {timeoutSeconds}s\n  route: [{{destination: {{host: productpage}}}}]");

    /// <summary>Servers for a (port 80), b (port 8080) and *.example.com (port 9000), each its own route configuration.</summary>
    private static GatewayScenario Scenario(params string[] virtualServices) => new(
        [
            Svc("productpage"),
            Gateway("gw-a", Http(80, "[a.example.com]")),
            Gateway("gw-b", Http(8080, "[\"*/b.example.com\"]")),
            Gateway("gw-wild", Http(9000, "[\"*.example.com\"]")),
            .. virtualServices,
        ]);

    private static XdsResource Route(GatewayScenario scenario, Proxy proxy, string name) =>
        scenario.Harness.Generate(proxy, XdsTypeUrls.Route, name).Resources.Single();

    private static VirtualHost? Host(XdsResource resource, string name) =>
        resource.Resource.Unpack<RouteConfiguration>().VirtualHosts.SingleOrDefault(v => v.Name == name);

    [Test]
    public void AVirtualServiceChangeOfOneHostRegeneratesOnlyTheRouteConfigurationsOfServersForIt()
    {
        using var scenario = Scenario(Routed("a", "a.example.com", "gw-a", 3));
        var ingress = scenario.Ingress();
        var a = Route(scenario, ingress, "http.80");
        var b = Route(scenario, ingress, "http.8080");
        Assert.That(Host(a, "a.example.com:80")?.Routes.Single().Route_.Timeout.Seconds, Is.EqualTo(3));

        scenario.Mesh.Change(Routed("a", "a.example.com", "gw-a", 5));

        var nextA = Route(scenario, ingress, "http.80");
        Assert.Multiple(() =>
        {
            Assert.That(Route(scenario, ingress, "http.8080"), Is.SameAs(b), "b's server does not meet a.example.com");
            Assert.That(nextA, Is.Not.SameAs(a));
            Assert.That(Host(nextA, "a.example.com:80")?.Routes.Single().Route_.Timeout.Seconds, Is.EqualTo(5));
        });
    }

    [Test]
    public void AWildcardServerIsRegeneratedByAVirtualServiceForAHostItCovers()
    {
        using var scenario = Scenario();
        var ingress = scenario.Ingress();
        var wild = Route(scenario, ingress, "http.9000");
        var b = Route(scenario, ingress, "http.8080");
        Assert.That(Host(wild, "c.example.com:9000"), Is.Null);

        scenario.Mesh.Change(Routed("c", "c.example.com", "gw-wild", 7));

        var nextWild = Route(scenario, ingress, "http.9000");
        Assert.Multiple(() =>
        {
            Assert.That(Route(scenario, ingress, "http.8080"), Is.SameAs(b));
            Assert.That(nextWild, Is.Not.SameAs(wild));
            Assert.That(Host(nextWild, "c.example.com:9000")?.Routes.Single().Route_.Timeout.Seconds, Is.EqualTo(7));
        });
    }

    [Test]
    public void AWildcardVirtualServiceReachesTheServersOfTheHostsItCovers()
    {
        using var scenario = Scenario();
        var ingress = scenario.Ingress();
        var a = Route(scenario, ingress, "http.80");
        Assert.That(Host(a, "a.example.com:80"), Is.Null);

        scenario.Mesh.Change(Routed("any-a", "*.example.com", "gw-a", 2));

        var nextA = Route(scenario, ingress, "http.80");
        Assert.Multiple(() =>
        {
            Assert.That(nextA, Is.Not.SameAs(a));
            Assert.That(Host(nextA, "a.example.com:80")?.Routes.Single().Route_.Timeout.Seconds, Is.EqualTo(2), "the narrower host of the two");
        });
    }

    [Test]
    public void AVirtualServiceReboundFromOneGatewayToAnotherRegeneratesBoth()
    {
        using var scenario = new GatewayScenario(Svc("productpage"),
            Gateway("gw-a", Http(80, "[shared.example.com]")),
            Gateway("gw-b", Http(8080, "[\"*/shared.example.com\"]")),
            Gateway("gw-other", Http(9090, "[other.example.com]")),
            Routed("shared", "shared.example.com", "gw-a", 3));
        var ingress = scenario.Ingress();
        var a = Route(scenario, ingress, "http.80");
        var b = Route(scenario, ingress, "http.8080");
        var other = Route(scenario, ingress, "http.9090");
        Assert.Multiple(() =>
        {
            Assert.That(Host(a, "shared.example.com:80"), Is.Not.Null);
            Assert.That(Host(b, "shared.example.com:8080"), Is.Null);
        });

        scenario.Mesh.Change(Routed("shared", "shared.example.com", "gw-b", 3));

        var nextA = Route(scenario, ingress, "http.80");
        var nextB = Route(scenario, ingress, "http.8080");
        Assert.Multiple(() =>
        {
            Assert.That(Route(scenario, ingress, "http.9090"), Is.SameAs(other));
            Assert.That(nextA, Is.Not.SameAs(a));
            Assert.That(Host(nextA, "shared.example.com:80"), Is.Null, "no longer bound to gw-a");
            Assert.That(Host(nextA, "blackhole:80"), Is.Not.Null);
            Assert.That(nextB, Is.Not.SameAs(b));
            Assert.That(Host(nextB, "shared.example.com:8080")?.Routes.Single().Route_.Timeout.Seconds, Is.EqualTo(3));
        });
    }

    [Test]
    public void APassthroughChangeOfOneHostRegeneratesOnlyTheListenersOfGatewaysServingIt()
    {
        static string Passthrough(string name, string host) => Gateway(name, $$"""
            - port: {number: 443, name: tls, protocol: TLS}
              hosts: [{{host}}]
              tls: {mode: PASSTHROUGH}
            """, selector: $"{{istio: {name}}}");
        static string Tls(string name, string host, string target, uint port) =>
            Bound(name, "default", $"[{host}]", $"[istio-system/{name}]",
                $"tls:\n- match: [{{sniHosts: [{host}]}}]\n  route: [{{destination: {{host: {target}, port: {{number: {port}}}}}}}]");

        using var scenario = new GatewayScenario(
            Svc("alpha", port: 443, vip: "10.10.0.5", protocol: "TLS"), Svc("beta", port: 8443, vip: "10.10.0.6", protocol: "TLS"),
            Passthrough("gw-a", "a.example.com"), Passthrough("gw-b", "b.example.com"),
            Tls("gw-a", "a.example.com", "alpha", 443), Tls("gw-b", "b.example.com", "beta", 8443));
        var proxyA = scenario.Mesh.Gateway("istio-system", ("istio", "gw-a"));
        var proxyB = scenario.Mesh.Gateway("istio-system", ("istio", "gw-b"));
        XdsResource Listener(Proxy proxy) => scenario.Harness.Generate(proxy, XdsTypeUrls.Listener, "0.0.0.0_443").Resources.Single();
        static string Cluster(XdsResource listener) =>
            listener.Resource.Unpack<Listener>().FilterChains.Single().Filters.Last().TypedConfig.Unpack<TcpProxy>().Cluster;
        var a = Listener(proxyA);
        var b = Listener(proxyB);
        Assert.That(Cluster(a), Is.EqualTo("outbound|443||alpha.default.svc.cluster.local"));

        scenario.Mesh.Change(Tls("gw-a", "a.example.com", "beta", 8443));

        var nextA = Listener(proxyA);
        Assert.Multiple(() =>
        {
            Assert.That(Listener(proxyB), Is.SameAs(b), "gw-b's server does not meet a.example.com");
            Assert.That(nextA, Is.Not.SameAs(a));
            Assert.That(Cluster(nextA), Is.EqualTo("outbound|8443||beta.default.svc.cluster.local"));
        });
    }
}
