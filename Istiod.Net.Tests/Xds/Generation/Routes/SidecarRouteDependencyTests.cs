using Envoy.Config.Route.V3;
using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Xds.Generation;
using Istiod.Net.Xds.Protocol;

namespace Istiod.Net.Tests.Xds.Generation.Routes;

/// <summary>
/// A sidecar's route configuration of one port reads the VirtualServices of the hosts on that port and of
/// hosts that are no service of its scope, not every VirtualService: a change for a service on another port
/// keeps the cached resource (the same instance), while changes that do reach the port regenerate it.
/// </summary>
public sealed class SidecarRouteDependencyTests
{
    private const string A = "a.example.com";
    private const string B = "b.other.org";

    private static string Service(string name, string host, uint port, string vip, string exportTo = "\"*\"") => $$"""
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata: {name: {{name}}, namespace: default}
        spec:
          hosts: [{{host}}]
          exportTo: [{{exportTo}}]
          addresses: [{{vip}}]
          ports:
          - {number: {{port}}, name: http, protocol: HTTP}
          location: MESH_INTERNAL
          resolution: STATIC
          endpoints:
          - {address: 10.20.0.1}
        """;

    private static string VirtualService(string name, string host, uint timeoutSeconds, string target) => $$"""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: {{name}}, namespace: default}
        spec:
          hosts: ["{{host}}"]
          http:
          - timeout: {{timeoutSeconds}}s
            route:
            - destination: {host: {{target}}}
        """;

    private static EnvoyRouteHarness Mesh() => new(
        Service("a", A, 9080, "10.10.0.1"),
        Service("b", B, 9090, "10.10.0.2"),
        VirtualService("a", A, 3, A));

    private static XdsResource Route(EnvoyRouteHarness mesh, Proxy proxy, string port) =>
        mesh.Harness.Generate(proxy, XdsTypeUrls.Route, port).Resources.Single();

    private static VirtualHost Host(XdsResource resource, string name) =>
        resource.Resource.Unpack<RouteConfiguration>().VirtualHosts.Single(v => v.Name == name);

    [Test]
    public void AVirtualServiceChangeOfOneHostRegeneratesOnlyThePortThatCarriesIt()
    {
        using var mesh = Mesh();
        var proxy = mesh.Sidecar("default");
        var portA = Route(mesh, proxy, "9080");
        var portB = Route(mesh, proxy, "9090");
        Assert.That(Host(portA, $"{A}:9080").Routes.Single().Route_.Timeout.Seconds, Is.EqualTo(3));

        mesh.Change(VirtualService("a", A, 5, A));

        var nextA = Route(mesh, proxy, "9080");
        Assert.Multiple(() =>
        {
            Assert.That(Route(mesh, proxy, "9090"), Is.SameAs(portB), "port 9090 carries only b, and a is a service of the scope");
            Assert.That(nextA, Is.Not.SameAs(portA));
            Assert.That(Host(nextA, $"{A}:9080").Routes.Single().Route_.Timeout.Seconds, Is.EqualTo(5));
        });
    }

    [Test]
    public void ANewWildcardVirtualServiceRegeneratesThePortOfTheHostItCovers()
    {
        using var mesh = new EnvoyRouteHarness(Service("a", A, 9080, "10.10.0.1"), Service("b", B, 9090, "10.10.0.2"));
        var proxy = mesh.Sidecar("default");
        var portA = Route(mesh, proxy, "9080");
        Assert.That(Host(portA, $"{A}:9080").Routes.Single().Route_.Timeout?.Seconds ?? 0, Is.EqualTo(0));

        mesh.Change(VirtualService("wild", "*.example.com", 7, A));

        var nextA = Route(mesh, proxy, "9080");
        Assert.Multiple(() =>
        {
            Assert.That(nextA, Is.Not.SameAs(portA));
            Assert.That(Host(nextA, $"{A}:9080").Routes.Single().Route_.Timeout.Seconds, Is.EqualTo(7), "the wildcard now routes a");
        });
    }

    [Test]
    public void AVirtualServiceOfAHostThatIsNoServiceReachesEveryPort()
    {
        using var mesh = Mesh();
        var proxy = mesh.Sidecar("default");
        var portB = Route(mesh, proxy, "9090");
        Assert.That(portB.Resource.Unpack<RouteConfiguration>().VirtualHosts.Select(v => v.Name), Does.Not.Contain("c.external.io:9090"));

        mesh.Change(VirtualService("c", "c.external.io", 2, B));

        var nextB = Route(mesh, proxy, "9090");
        Assert.Multiple(() =>
        {
            Assert.That(nextB, Is.Not.SameAs(portB));
            Assert.That(Host(nextB, "c.external.io:9090").Routes.Single().Route_.Timeout.Seconds, Is.EqualTo(2));
        });
    }

    [Test]
    public void AVirtualServiceOfAServiceThisProxyDoesNotSeeReachesEveryPort()
    {
        // a is exported to another namespace only: for this proxy it is no service, and a VirtualService of it
        // gets a virtual host of its own on every port, although a is a service of the registry.
        using var mesh = new EnvoyRouteHarness(Service("a", A, 9080, "10.10.0.1", "other"), Service("b", B, 9090, "10.10.0.2"));
        var proxy = mesh.Sidecar("default");
        var portB = Route(mesh, proxy, "9090");
        Assert.That(portB.Resource.Unpack<RouteConfiguration>().VirtualHosts.Select(v => v.Name), Does.Not.Contain($"{A}:9090"));

        mesh.Change(VirtualService("a", A, 4, B));

        var nextB = Route(mesh, proxy, "9090");
        Assert.Multiple(() =>
        {
            Assert.That(nextB, Is.Not.SameAs(portB));
            Assert.That(Host(nextB, $"{A}:9090").Routes.Single().Route_.Timeout.Seconds, Is.EqualTo(4));
        });
    }
}
