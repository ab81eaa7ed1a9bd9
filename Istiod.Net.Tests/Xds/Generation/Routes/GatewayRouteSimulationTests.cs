using Istiod.Net.Tests.Infrastructure;
using static Istiod.Net.Tests.Infrastructure.SimulatedRequest;
using static Istiod.Net.Tests.Xds.Generation.Routes.SidecarRouteSimulationTests;

namespace Istiod.Net.Tests.Xds.Generation.Routes;

/// <summary>
/// Requests through a gateway's route configurations (<c>http.&lt;port&gt;</c> and
/// <c>https.&lt;port&gt;.&lt;portName&gt;.&lt;gateway&gt;.&lt;namespace&gt;</c>), in the style of Istio's gateway
/// simulation tests.
/// </summary>
public sealed class GatewayRouteSimulationTests
{
    private const string ProductPage = "outbound|9080||productpage.default.svc.cluster.local";

    private static string Gateway(string name, string servers, string ns = "istio-system") => $$"""
        apiVersion: networking.istio.io/v1
        kind: Gateway
        metadata: {name: {{name}}, namespace: {{ns}}}
        spec:
          selector: {istio: ingressgateway}
          servers:
        {{Indent(servers)}}
        """;

    private const string HttpServer = """
        - port: {number: 80, name: http, protocol: HTTP}
          hosts: ["*/bookinfo.example.com", "*/*.shop.example.com"]
        """;

    private static string Bound(string name, string ns, string hosts, string rules, string gateways = "[istio-system/ingress]", string? created = null) =>
        VirtualService(name, ns, $"hosts: {hosts}\ngateways: {gateways}\nhttp:\n{rules}", created);

    private static EnvoyRouteHarness Mesh(params string[] documents) =>
        new([Service("productpage", "default"), Service("reviews", "default", vip: "10.10.0.2"), .. documents]);

    [Test]
    public void VirtualServicesBoundToTheGatewayServeTheServersHosts()
    {
        using var mesh = Mesh(Gateway("ingress", HttpServer), Bound("bookinfo", "default", "[bookinfo.example.com]", """
            - match: [{uri: {prefix: /reviews}}]
              route: [{destination: {host: reviews, port: {number: 9080}}}]
            - route: [{destination: {host: productpage}}]
            """));
        var gateway = mesh.Gateway("istio-system", ("istio", "ingressgateway"));

        var routes = mesh.Routes(gateway, "http.80")!;
        Assert.That(routes.IgnorePortInHostMatching, Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(mesh.Send(gateway, "http.80", To("bookinfo.example.com", "/")).Cluster, Is.EqualTo(ProductPage));
            Assert.That(mesh.Send(gateway, "http.80", To("bookinfo.example.com:80", "/reviews/1")).Cluster,
                Is.EqualTo("outbound|9080||reviews.default.svc.cluster.local"));
            Assert.That(mesh.Send(gateway, "http.80", To("other.example.com")).Kind, Is.EqualTo(RouteDecisionKind.NoVirtualHost));
        });

        // A proxy the gateway does not select has no such route configuration.
        Assert.That(mesh.Routes(mesh.Gateway("istio-system", ("istio", "egressgateway")), "http.80"), Is.Null);
    }

    [Test]
    public void WildcardsMeetAtTheNarrowerHost()
    {
        using var mesh = Mesh(Gateway("ingress", HttpServer),
            Bound("shop", "default", "[cart.shop.example.com]", "- route: [{destination: {host: productpage}}]"),
            Bound("all", "default", "[\"*.example.com\"]", "- route: [{destination: {host: reviews, port: {number: 9080}}}]"));
        var gateway = mesh.Gateway("istio-system", ("istio", "ingressgateway"));

        var routes = mesh.Routes(gateway, "http.80")!;
        Assert.That(routes.VirtualHosts.SelectMany(v => v.Domains), Is.EquivalentTo(new[] { "bookinfo.example.com", "cart.shop.example.com", "*.shop.example.com" }));
        Assert.Multiple(() =>
        {
            Assert.That(mesh.Send(gateway, "http.80", To("cart.shop.example.com")).Cluster, Is.EqualTo(ProductPage));
            Assert.That(mesh.Send(gateway, "http.80", To("pay.shop.example.com")).Cluster, Is.EqualTo("outbound|9080||reviews.default.svc.cluster.local"));
            Assert.That(mesh.Send(gateway, "http.80", To("bookinfo.example.com")).Cluster, Is.EqualTo("outbound|9080||reviews.default.svc.cluster.local"));
        });
    }

    [Test]
    public void TwoVirtualServicesForOneHostMergeOldestFirst()
    {
        using var mesh = Mesh(Gateway("ingress", HttpServer),
            Bound("later", "default", "[bookinfo.example.com]", """
                - match: [{uri: {prefix: /}}]
                  route: [{destination: {host: reviews, port: {number: 9080}}}]
                """, created: "2026-01-02T00:00:00Z"),
            Bound("earlier", "default", "[bookinfo.example.com]", """
                - match: [{uri: {prefix: /product}}]
                  route: [{destination: {host: productpage}}]
                """, created: "2026-01-01T00:00:00Z"));
        var gateway = mesh.Gateway("istio-system", ("istio", "ingressgateway"));

        Assert.That(mesh.Send(gateway, "http.80", To("bookinfo.example.com", "/product")).Cluster, Is.EqualTo(ProductPage));
        Assert.That(mesh.Send(gateway, "http.80", To("bookinfo.example.com", "/other")).Cluster, Is.EqualTo("outbound|9080||reviews.default.svc.cluster.local"));
        Assert.That(mesh.Routes(gateway, "http.80")!.VirtualHosts.Count(v => v.Domains.Contains("bookinfo.example.com")), Is.EqualTo(1));
    }

    [Test]
    public void HttpsRedirectAnswersPlainRequestsWithAMoveToHttps()
    {
        using var mesh = Mesh(Gateway("ingress", """
            - port: {number: 80, name: http, protocol: HTTP}
              hosts: [bookinfo.example.com]
              tls: {httpsRedirect: true}
            """));
        var gateway = mesh.Gateway("istio-system", ("istio", "ingressgateway"));

        var decision = mesh.Send(gateway, "http.80", To("bookinfo.example.com", "/login?next=%2F"));
        Assert.That(decision.Kind, Is.EqualTo(RouteDecisionKind.Redirect));
        Assert.That(decision.Status, Is.EqualTo(301));
        Assert.That(decision.Location, Is.EqualTo("https://bookinfo.example.com/login?next=%2F"));
    }

    [Test]
    public void EachHttpsServerHasItsOwnRouteConfiguration()
    {
        using var mesh = Mesh(
            Gateway("ingress", """
                - port: {number: 443, name: https-bookinfo, protocol: HTTPS}
                  hosts: [bookinfo.example.com]
                  tls: {mode: SIMPLE, credentialName: bookinfo-cert}
                - port: {number: 443, name: https-shop, protocol: HTTPS}
                  hosts: [shop.example.com]
                  tls: {mode: SIMPLE, credentialName: shop-cert}
                - port: {number: 8443, name: tls-pass, protocol: HTTPS}
                  hosts: [pass.example.com]
                  tls: {mode: PASSTHROUGH}
                """),
            Bound("both", "default", "[bookinfo.example.com, shop.example.com]", "- route: [{destination: {host: productpage}}]"));
        var gateway = mesh.Gateway("istio-system", ("istio", "ingressgateway"));

        var bookinfo = mesh.Routes(gateway, "https.443.https-bookinfo.ingress.istio-system")!;
        var shop = mesh.Routes(gateway, "https.443.https-shop.ingress.istio-system")!;
        Assert.Multiple(() =>
        {
            Assert.That(bookinfo.VirtualHosts.SelectMany(v => v.Domains), Is.EqualTo(new[] { "bookinfo.example.com" }));
            Assert.That(shop.VirtualHosts.SelectMany(v => v.Domains), Is.EqualTo(new[] { "shop.example.com" }));
            Assert.That(RouteTableSimulator.Decide(bookinfo, To("bookinfo.example.com") with { Scheme = "https" }).Cluster, Is.EqualTo(ProductPage));
            Assert.That(mesh.Routes(gateway, "https.8443.tls-pass.ingress.istio-system"), Is.Null, "passthrough servers route by SNI in the listener");
        });

        var names = mesh.Harness.Generate(gateway, Istiod.Net.Xds.Protocol.XdsTypeUrls.Route).Resources.Select(r => r.Name);
        Assert.That(names, Is.EquivalentTo(new[] { "https.443.https-bookinfo.ingress.istio-system", "https.443.https-shop.ingress.istio-system" }));
    }

    [Test]
    public void ServerHostNamespacesLimitWhichVirtualServicesMayBind()
    {
        using var mesh = Mesh(Gateway("ingress", """
                - port: {number: 80, name: http, protocol: HTTP}
                  hosts: ["team/team.example.com", "./local.example.com"]
                """),
            Bound("team-ok", "team", "[team.example.com]", "- route: [{destination: {host: productpage.default.svc.cluster.local}}]"),
            Bound("team-wrong", "default", "[local.example.com]", "- route: [{destination: {host: productpage}}]"),
            Bound("local-ok", "istio-system", "[local.example.com]", "- route: [{destination: {host: reviews.default.svc.cluster.local, port: {number: 9080}}}]"));
        var gateway = mesh.Gateway("istio-system", ("istio", "ingressgateway"));

        Assert.That(mesh.Send(gateway, "http.80", To("team.example.com")).Cluster, Is.EqualTo(ProductPage));
        Assert.That(mesh.Send(gateway, "http.80", To("local.example.com")).Cluster, Is.EqualTo("outbound|9080||reviews.default.svc.cluster.local"));
    }

    [Test]
    public void MatchGatewaysAndExportToDecideWhatTheGatewaySees()
    {
        using var mesh = Mesh(Gateway("ingress", HttpServer),
            Bound("bookinfo", "default", "[bookinfo.example.com]", """
                - match: [{uri: {prefix: /inside}, gateways: [mesh]}]
                  route: [{destination: {host: reviews, port: {number: 9080}}}]
                - match: [{uri: {prefix: /edge}, gateways: [istio-system/ingress]}]
                  route: [{destination: {host: productpage}}]
                """, gateways: "[mesh, istio-system/ingress]"),
            VirtualService("hidden", "default", """
                hosts: [cart.shop.example.com]
                gateways: [istio-system/ingress]
                exportTo: ["."]
                http:
                - route: [{destination: {host: productpage}}]
                """));
        var gateway = mesh.Gateway("istio-system", ("istio", "ingressgateway"));

        Assert.Multiple(() =>
        {
            Assert.That(mesh.Send(gateway, "http.80", To("bookinfo.example.com", "/edge")).Cluster, Is.EqualTo(ProductPage));
            Assert.That(mesh.Send(gateway, "http.80", To("bookinfo.example.com", "/inside")).Kind, Is.EqualTo(RouteDecisionKind.NoRoute));
            Assert.That(mesh.Send(gateway, "http.80", To("cart.shop.example.com")).Kind, Is.EqualTo(RouteDecisionKind.NoVirtualHost));
        });

        // A gateway proxy running in the VirtualService's namespace sees it.
        Assert.That(mesh.Send(mesh.Gateway("default", ("istio", "ingressgateway")), "http.80", To("cart.shop.example.com")).Cluster, Is.EqualTo(ProductPage));
    }

    [Test]
    public void AGatewayPortWithoutBoundVirtualServicesAnswers404()
    {
        using var mesh = Mesh(Gateway("ingress", HttpServer));
        var decision = mesh.Send(mesh.Gateway("istio-system", ("istio", "ingressgateway")), "http.80", To("bookinfo.example.com"));
        Assert.That(decision.VirtualHost!.Name, Is.EqualTo("blackhole:80"));
        Assert.That((decision.Kind, decision.Status), Is.EqualTo((RouteDecisionKind.DirectResponse, 404u)));
    }

    [Test]
    public void GatewayRoutesFollowGatewayAndVirtualServiceChanges()
    {
        using var mesh = Mesh(Gateway("ingress", HttpServer));
        var gateway = mesh.Gateway("istio-system", ("istio", "ingressgateway"));
        Assert.That(mesh.Send(gateway, "http.80", To("bookinfo.example.com")).Status, Is.EqualTo(404));

        mesh.Harness.Pushes.Clear();
        mesh.Change(Bound("bookinfo", "default", "[bookinfo.example.com]", "- route: [{destination: {host: productpage}}]"));
        Assert.That(mesh.Harness.Pushes.Any(p => p.MayChange(Istiod.Net.Xds.Protocol.XdsTypeUrls.Route) && (p.Affects?.Invoke(gateway) ?? true)), Is.True);
        Assert.That(mesh.Send(gateway, "http.80", To("bookinfo.example.com")).Cluster, Is.EqualTo(ProductPage));

        mesh.Change(Gateway("ingress", """
            - port: {number: 80, name: http, protocol: HTTP}
              hosts: [other.example.com]
            """));
        Assert.That(mesh.Send(gateway, "http.80", To("bookinfo.example.com")).VirtualHost!.Name, Is.EqualTo("blackhole:80"));
    }
}
