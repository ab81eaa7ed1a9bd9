using Envoy.Extensions.TransportSockets.Tls.V3;
using Istiod.Net.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using static Istiod.Net.Tests.Infrastructure.SimulatedRequest;
using static Istiod.Net.Tests.Xds.Generation.Gateways.GatewayConfigs;

namespace Istiod.Net.Tests.Xds.Generation.Gateways;

/// <summary>
/// Several Gateways selecting one proxy: servers on a port share its listener (SNI chains for TLS, one
/// <c>http.&lt;port&gt;</c> for plain HTTP), and where they collide the oldest Gateway wins (creation time,
/// then name, then namespace, as Istio sorts configs) and the loser is left out, never a listener Envoy
/// would refuse. After Istio's TestGatewayConflicts.
/// </summary>
public sealed class GatewayMergeTests
{
    private const string ProductPage = "outbound|9080||productpage.default.svc.cluster.local";
    private const string Reviews = "outbound|9080||reviews.default.svc.cluster.local";

    private static string Https(string host, string credential, string portName = "https") => $$"""
        - port: {number: 443, name: {{portName}}, protocol: HTTPS}
          hosts: [{{host}}]
          tls: {mode: SIMPLE, credentialName: {{credential}}}
        """;

    private static string Http(string host) => $$"""
        - port: {number: 80, name: http, protocol: HTTP}
          hosts: ["{{host}}"]
        """;

    private const string Tcp = """
        - port: {number: 80, name: tcp, protocol: TCP}
          hosts: [foo.bar]
        """;

    private static string Services() => Svc("productpage") + "\n---\n" + Svc("reviews", vip: "10.10.0.2");

    private static string RouteTo(string name, string host, string gateway, string service) =>
        Bound(name, "default", $"[{host}]", $"[{gateway}]", $"http:\n- route: [{{destination: {{host: {service}, port: {{number: 9080}}}}}}]");

    [Test]
    public void TwoHttpsGatewaysOnOnePortAreTwoSniChainsOfOneListener()
    {
        using var scenario = new GatewayScenario(Services(),
            Gateway("books", Https("books.example.com", "books-cert")), Gateway("shop", Https("shop.example.com", "shop-cert")),
            RouteTo("books", "books.example.com", "istio-system/books", "productpage"),
            RouteTo("shop", "shop.example.com", "istio-system/shop", "reviews"));
        var ingress = scenario.Ingress();

        Assert.That(scenario.Harness.Listeners(ingress).Select(l => l.Name), Is.EqualTo(new[] { "0.0.0.0_443" }));
        var (books, toBooks) = scenario.Request(ingress, ListenerCall.TlsTo(443, "books.example.com"), To("books.example.com"));
        var (shop, toShop) = scenario.Request(ingress, ListenerCall.TlsTo(443, "shop.example.com"), To("shop.example.com"));
        Assert.Multiple(() =>
        {
            Assert.That(books.RouteConfigName, Is.EqualTo("https.443.https.books.istio-system"));
            Assert.That(shop.RouteConfigName, Is.EqualTo("https.443.https.shop.istio-system"));
            Assert.That(Certificate(books), Is.EqualTo("kubernetes://books-cert"));
            Assert.That(Certificate(shop), Is.EqualTo("kubernetes://shop-cert"));
            Assert.That(toBooks.Cluster, Is.EqualTo(ProductPage));
            Assert.That(toShop.Cluster, Is.EqualTo(Reviews));
        });
        scenario.AssertResourcesPassRules(ingress);
    }

    [Test]
    public void TwoHttpGatewaysOnOnePortShareHttpPortWithBothVirtualHosts()
    {
        using var scenario = new GatewayScenario(Services(),
            Gateway("books", Http("books.example.com")), Gateway("shop", Http("shop.example.com")),
            RouteTo("books", "books.example.com", "istio-system/books", "productpage"),
            RouteTo("shop", "shop.example.com", "istio-system/shop", "reviews"));
        var ingress = scenario.Ingress();

        var listener = scenario.Harness.Listeners(ingress).Single();
        Assert.That(listener.FilterChains, Has.Count.EqualTo(1), "one HCM for the port");
        var routes = scenario.Routes(ingress, "http.80")!;
        Assert.That(routes.VirtualHosts.Select(v => v.Name), Is.EquivalentTo(new[] { "books.example.com:80", "shop.example.com:80" }));
        Assert.Multiple(() =>
        {
            Assert.That(scenario.Request(ingress, ListenerCall.Http(80), To("books.example.com")).Decision.Cluster, Is.EqualTo(ProductPage));
            Assert.That(scenario.Request(ingress, ListenerCall.Http(80), To("shop.example.com")).Decision.Cluster, Is.EqualTo(Reviews));
        });
        scenario.AssertResourcesPassRules(ingress);
    }

    [Test]
    public void ADuplicateHttpsHostGoesToTheOldestGatewayAndTheOtherIsLeftOutWithAWarning()
    {
        using var scenario = new GatewayScenario(Services(),
            Gateway("newer", Https("books.example.com", "newer-cert"), created: "2026-02-01T00:00:00Z"),
            Gateway("older", Https("books.example.com", "older-cert"), ns: "default", created: "2026-01-01T00:00:00Z"),
            RouteTo("newer", "books.example.com", "istio-system/newer", "reviews"),
            RouteTo("older", "books.example.com", "default/older", "productpage"));
        var ingress = scenario.Ingress();

        var listener = scenario.Harness.Listeners(ingress).Single();
        Assert.That(listener.FilterChains, Has.Count.EqualTo(1), "Envoy refuses two chains with the same server name");
        var (chain, decision) = scenario.Request(ingress, ListenerCall.TlsTo(443, "books.example.com"), To("books.example.com"));
        Assert.Multiple(() =>
        {
            Assert.That(Certificate(chain), Is.EqualTo("kubernetes://older-cert"));
            Assert.That(chain.RouteConfigName, Is.EqualTo("https.443.https.older.default"));
            Assert.That(decision.Cluster, Is.EqualTo(ProductPage));
        });
        var warning = scenario.Logs.FirstOrDefault(l => l.EventId.Id == 4202);
        Assert.That(warning?.Level, Is.EqualTo(LogLevel.Warning));
        Assert.That(warning?.Message, Does.Contain("istio-system/newer").And.Contain("books.example.com").And.Contain("default/older"));
        scenario.AssertResourcesPassRules(ingress);
    }

    [Test]
    public void ADuplicateHttpHostMergesTheVirtualServicesOfBothGatewaysIntoOneVirtualHost()
    {
        using var scenario = new GatewayScenario(Services(),
            Gateway("a", Http("books.example.com")), Gateway("b", Http("books.example.com")),
            Bound("first", "default", "[books.example.com]", "[istio-system/a]", """
                http:
                - match: [{uri: {prefix: /reviews}}]
                  route: [{destination: {host: reviews}}]
                """, created: "2026-01-01T00:00:00Z"),
            Bound("second", "default", "[books.example.com]", "[istio-system/b]", """
                http:
                - route: [{destination: {host: productpage}}]
                """, created: "2026-01-02T00:00:00Z"));
        var ingress = scenario.Ingress();

        var routes = scenario.Routes(ingress, "http.80")!;
        Assert.That(routes.VirtualHosts.Select(v => v.Name), Is.EqualTo(new[] { "books.example.com:80" }));
        Assert.Multiple(() =>
        {
            Assert.That(scenario.Request(ingress, ListenerCall.Http(80), To("books.example.com", "/reviews/1")).Decision.Cluster, Is.EqualTo(Reviews));
            Assert.That(scenario.Request(ingress, ListenerCall.Http(80), To("books.example.com", "/")).Decision.Cluster, Is.EqualTo(ProductPage));
        });
        scenario.AssertResourcesPassRules(ingress);
    }

    [TestCase("2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", true)]
    [TestCase("2026-01-02T00:00:00Z", "2026-01-01T00:00:00Z", false)]
    [TestCase(null, "2026-01-01T00:00:00Z", true)]
    public void MergedVirtualServicesOfOneHostRouteInIstiosOrder(string? createdA, string? createdB, bool aWins)
    {
        // Both catch "/": the first in Istio's order (creation time, with none counting as oldest, then name,
        // then namespace, so "a" in zeta precedes "b" in alpha) decides where "/" goes.
        using var scenario = new GatewayScenario(Services(),
            Gateway("ingress", Http("books.example.com")),
            Bound("a", "zeta", "[books.example.com]", "[istio-system/ingress]", """
                http:
                - route: [{destination: {host: reviews.default.svc.cluster.local}}]
                """, created: createdA),
            Bound("b", "alpha", "[books.example.com]", "[istio-system/ingress]", """
                http:
                - route: [{destination: {host: productpage.default.svc.cluster.local}}]
                """, created: createdB));
        var ingress = scenario.Ingress();

        var decision = scenario.Request(ingress, ListenerCall.Http(80), To("books.example.com", "/")).Decision;

        Assert.That(decision.Cluster, Is.EqualTo(aWins ? Reviews : ProductPage));
        scenario.AssertResourcesPassRules(ingress);
    }

    [Test]
    public void TwoPassthroughVirtualServicesForOneSniLeaveOneChainToTheOlder()
    {
        // Istio's "duplicate tls virtual service": one chain, no listener Envoy would refuse.
        string Tls(string name, string service, string created) => Bound(name, "default", "[mysite.example.com]", "[istio-system/ingress]", $$"""
            tls:
            - match: [{port: 443, sniHosts: [mysite.example.com]}]
              route: [{destination: {host: {{service}}, port: {number: 9080} } }]
            """, created);
        using var scenario = new GatewayScenario(Services(),
            Gateway("ingress", """
                - port: {number: 443, name: https, protocol: HTTPS}
                  hosts: ["*.example.com"]
                  tls: {mode: PASSTHROUGH}
                """),
            Tls("second", "reviews", "2026-01-02T00:00:00Z"), Tls("first", "productpage", "2026-01-01T00:00:00Z"));
        var ingress = scenario.Ingress();

        Assert.That(scenario.Harness.Listeners(ingress).Single().FilterChains, Has.Count.EqualTo(1));
        Assert.That(scenario.Connect(ingress, ListenerCall.TlsTo(443, "mysite.example.com"))?.TcpCluster, Is.EqualTo(ProductPage));
        scenario.AssertResourcesPassRules(ingress);
    }

    [Test]
    public void AWildcardHttpsGatewayTakesTheNamesASpecificOneDoesNotServe()
    {
        using var scenario = new GatewayScenario(Services(),
            Gateway("catch-all", Https("\"*\"", "wildcard-cert")), Gateway("books", Https("books.example.com", "books-cert")),
            RouteTo("books", "books.example.com", "istio-system/books", "productpage"),
            RouteTo("rest", "\"*.example.com\"", "istio-system/catch-all", "reviews"));
        var ingress = scenario.Ingress();

        var books = scenario.Request(ingress, ListenerCall.TlsTo(443, "books.example.com"), To("books.example.com"));
        var shop = scenario.Request(ingress, ListenerCall.TlsTo(443, "shop.example.com"), To("shop.example.com"));
        Assert.Multiple(() =>
        {
            Assert.That((Certificate(books.Chain), books.Decision.Cluster), Is.EqualTo(("kubernetes://books-cert", ProductPage)), "the exact server name wins");
            Assert.That((Certificate(shop.Chain), shop.Decision.Cluster), Is.EqualTo(("kubernetes://wildcard-cert", Reviews)));
            Assert.That(scenario.Connect(ingress, ListenerCall.TlsTo(443, null))?.RouteConfigName, Is.EqualTo("https.443.https.catch-all.istio-system"),
                "a client sending no SNI lands on the chain without server names");
        });
        scenario.AssertResourcesPassRules(ingress);
    }

    [Test]
    public void TheSameTlsServerInTwoNamespacesIsOneChainNotTwoEnvoyWouldRefuse()
    {
        // Istio's "duplicate tls gateway" generates two identical chains (its issue 24638); here the first Gateway
        // by name, then namespace (default/default before istio-system/default) keeps the port.
        const string server = """
            - port: {number: 443, name: https-ingress, protocol: HTTPS}
              hosts: ["./*"]
              tls: {mode: SIMPLE, credentialName: sds-credential}
            """;
        using var scenario = new GatewayScenario(Services(), Gateway("default", server), Gateway("default", server, ns: "default"));
        var ingress = scenario.Ingress();

        Assert.That(scenario.Harness.Listeners(ingress).Single().FilterChains, Has.Count.EqualTo(1));
        Assert.That(scenario.Connect(ingress, ListenerCall.TlsTo(443, "foo.bar"))?.RouteConfigName, Is.EqualTo("https.443.https-ingress.default.default"));
        scenario.AssertResourcesPassRules(ingress);
    }

    [Test]
    public void AnHttpsRedirectOnEitherGatewayRedirectsTheSharedHost()
    {
        // Istio's "mixed httpsRedirect with routes": Envoy cannot redirect per route, so the virtual host redirects.
        using var scenario = new GatewayScenario(Services(),
            Gateway("gateway", """
                - port: {number: 80, name: http, protocol: HTTP}
                  hosts: [books.example.com]
                  tls: {httpsRedirect: true}
                """),
            Gateway("gateway2", Http("books.example.com")),
            RouteTo("books", "books.example.com", "istio-system/gateway2", "productpage"));
        var (_, decision) = scenario.Request(scenario.Ingress(), ListenerCall.Http(80), To("books.example.com"));
        Assert.That((decision.Kind, decision.Location), Is.EqualTo((RouteDecisionKind.Redirect, "https://books.example.com/")));
    }

    private const string TcpRoute = """
        tcp:
        - route: [{destination: {host: productpage, port: {number: 9080}}}]
        """;

    [TestCase("zeta", true, TestName = "Duplicate TCP servers across namespaces: istio-system/gateway sorts first and serves its route")]
    [TestCase("alpha", false, TestName = "Duplicate TCP servers across namespaces: alpha/gateway sorts first, so the route bound to istio-system/gateway is not served")]
    public void DuplicateTcpServersAcrossNamespaces(string otherNamespace, bool served)
    {
        using var scenario = new GatewayScenario(Services(), Gateway("gateway", Tcp), Gateway("gateway", Tcp, ns: otherNamespace),
            Bound("tcp", "default", "[\"*\"]", "[istio-system/gateway]", TcpRoute));
        var ingress = scenario.Ingress();

        var chain = scenario.Connect(ingress, ListenerCall.Tcp(80));
        Assert.That(chain?.TcpCluster, served ? Is.EqualTo(ProductPage) : Is.Null);
        scenario.AssertResourcesPassRules(ingress);
    }

    [Test]
    public void WithEqualCreationTimesTheGatewayNameDecidesBeforeItsNamespace()
    {
        // "a" in zeta sorts before "b" in alpha: Istio compares names first.
        using var scenario = new GatewayScenario(Services(), Gateway("b", Tcp, ns: "alpha"), Gateway("a", Tcp, ns: "zeta"),
            Bound("tcp", "default", "[\"*\"]", "[zeta/a]", TcpRoute));
        var chain = scenario.Connect(scenario.Ingress(), ListenerCall.Tcp(80));
        Assert.That(chain?.TcpCluster, Is.EqualTo(ProductPage));
    }

    [Test]
    public void TcpAndHttpOnOnePortTheFirstGatewaysProtocolWins()
    {
        // Istio's "multiple protocols on a port": alpha (tcp, no routes) first leaves no listener at all.
        using (var tcpFirst = new GatewayScenario(Services(), Gateway("alpha", Tcp), Gateway("beta", Http("foo.bar"))))
        {
            Assert.That(tcpFirst.Connect(tcpFirst.Ingress(), ListenerCall.Tcp(80)), Is.Null);
        }

        // beta (tcp) after alpha (http): the port serves HTTP, with the 404 blackhole for want of routes.
        using var httpFirst = new GatewayScenario(Services(), Gateway("beta", Tcp), Gateway("alpha", Http("foo.bar")));
        var ingress = httpFirst.Ingress();
        var (chain, decision) = httpFirst.Request(ingress, ListenerCall.Http(80), To("foo.bar"));
        Assert.That(chain.RouteConfigName, Is.EqualTo("http.80"));
        Assert.That((decision.VirtualHost?.Name, decision.Status), Is.EqualTo(("blackhole:80", (uint?)404)));
        httpFirst.AssertResourcesPassRules(ingress);
    }

    private static string Certificate(ListenerMatch chain) =>
        chain.TransportSocket!.TypedConfig.Unpack<DownstreamTlsContext>().CommonTlsContext.TlsCertificateSdsSecretConfigs.Single().Name;
}
