using Envoy.Extensions.TransportSockets.Tls.V3;
using Istiod.Net.Tests.Infrastructure;
using static Istiod.Net.Tests.Infrastructure.SimulatedRequest;
using static Istiod.Net.Tests.Xds.Generation.Gateways.GatewayConfigs;

namespace Istiod.Net.Tests.Xds.Generation.Gateways;

/// <summary>
/// A gateway server per TLS mode, followed from the TLS handshake (port, SNI) through the filter chain to
/// the cluster: what certificate the chain presents, what it asks of the client, where the bytes or
/// requests go. In the style of Istio's gateway simulation tests.
/// </summary>
public sealed class GatewayTlsModeTests
{
    private const string ProductPage = "outbound|9080||productpage.default.svc.cluster.local";

    private static readonly string Route = Bound("bookinfo", "default", "[bookinfo.example.com]", "[istio-system/ingress]",
        "http:\n- route: [{destination: {host: productpage}}]");

    private static DownstreamTlsContext Tls(ListenerMatch chain) => chain.TransportSocket!.TypedConfig.Unpack<DownstreamTlsContext>();

    [Test]
    public void MutualWithACredentialPresentsItAndVerifiesClientsAgainstItsCaCert()
    {
        using var scenario = new GatewayScenario(Svc("productpage"), Route, Gateway("ingress", """
            - port: {number: 443, name: https, protocol: HTTPS}
              hosts: [bookinfo.example.com]
              tls: {mode: MUTUAL, credentialName: bookinfo-cert}
            """));
        var ingress = scenario.Ingress();

        var (chain, decision) = scenario.Request(ingress, ListenerCall.TlsTo(443, "bookinfo.example.com", alpn: "h2"), To("bookinfo.example.com"));
        var tls = Tls(chain);
        Assert.Multiple(() =>
        {
            Assert.That(chain.RouteConfigName, Is.EqualTo("https.443.https.ingress.istio-system"));
            Assert.That(tls.CommonTlsContext.TlsCertificateSdsSecretConfigs.Select(s => s.Name), Is.EqualTo(new[] { "kubernetes://bookinfo-cert" }));
            Assert.That(tls.CommonTlsContext.ValidationContextSdsSecretConfig?.Name, Is.EqualTo("kubernetes://bookinfo-cert-cacert"));
            Assert.That(tls.RequireClientCertificate, Is.True);
            Assert.That(tls.CommonTlsContext.AlpnProtocols, Is.EqualTo(new[] { "h2", "http/1.1" }));
            Assert.That(decision.Cluster, Is.EqualTo(ProductPage));
        });
        Assert.That(scenario.Connect(ingress, ListenerCall.TlsTo(443, "other.example.com")), Is.Null, "no chain for a name the server does not serve");
        scenario.AssertResourcesPassRules(ingress);
    }

    [Test]
    public void IstioMutualUsesTheMeshCertificateAndRootLikeASidecar()
    {
        using var scenario = new GatewayScenario(Svc("productpage"), Route, Gateway("ingress", """
            - port: {number: 443, name: https, protocol: HTTPS}
              hosts: [bookinfo.example.com]
              tls: {mode: ISTIO_MUTUAL}
            """));
        var ingress = scenario.Ingress();

        var (chain, decision) = scenario.Request(ingress, ListenerCall.TlsTo(443, "bookinfo.example.com"), To("bookinfo.example.com"));
        var tls = Tls(chain);
        Assert.Multiple(() =>
        {
            Assert.That(tls.CommonTlsContext.TlsCertificateSdsSecretConfigs.Select(s => s.Name), Is.EqualTo(new[] { "default" }));
            Assert.That(tls.CommonTlsContext.CombinedValidationContext?.ValidationContextSdsSecretConfig?.Name, Is.EqualTo("ROOTCA"));
            Assert.That(tls.RequireClientCertificate, Is.True);
            Assert.That(decision.Cluster, Is.EqualTo(ProductPage));
        });
        scenario.AssertResourcesPassRules(ingress);
    }

    [TestCase("istio-system", false)]
    [TestCase("shop", true)]
    public void APrivateVirtualServiceBindsOnlyOnGatewayProxiesOfItsNamespace(string proxyNamespace, bool bound)
    {
        // exportTo "." keeps the VirtualService to its namespace: like Istio, that is checked against the gateway
        // proxy's namespace, not the Gateway's, even when the Gateway sits in the VirtualService's namespace.
        using var scenario = new GatewayScenario(
            Svc("alpha", port: 443, vip: "10.10.0.5", protocol: "TLS"),
            Gateway("ingress", """
                - port: {number: 443, name: tls, protocol: TLS}
                  hosts: ["*.example.com"]
                  tls: {mode: PASSTHROUGH}
                """, ns: "shop"),
            Bound("alpha", "shop", "[alpha.example.com]", "[shop/ingress]", """
                exportTo: ["."]
                tls:
                - match: [{port: 443, sniHosts: [alpha.example.com]}]
                  route: [{destination: {host: alpha.default.svc.cluster.local, port: {number: 443}}}]
                """));
        var proxy = scenario.Mesh.Gateway(proxyNamespace, ("istio", "ingressgateway"));

        var chain = scenario.Connect(proxy, ListenerCall.TlsTo(443, "alpha.example.com"));

        Assert.That(chain?.TcpCluster, bound ? Is.EqualTo("outbound|443||alpha.default.svc.cluster.local") : Is.Null);
    }

    [Test]
    public void PassthroughGivesEachSniHostOfTheTlsRoutesAChainToItsDestination()
    {
        using var scenario = new GatewayScenario(
            Svc("alpha", port: 443, vip: "10.10.0.5", protocol: "TLS"), Svc("beta", port: 8443, vip: "10.10.0.6", protocol: "TLS"),
            Gateway("ingress", """
                - port: {number: 443, name: tls, protocol: TLS}
                  hosts: ["*.example.com"]
                  tls: {mode: PASSTHROUGH}
                """),
            Bound("alpha", "default", "[alpha.example.com]", "[istio-system/ingress]", """
                tls:
                - match: [{port: 443, sniHosts: [alpha.example.com]}]
                  route: [{destination: {host: alpha, port: {number: 443}}}]
                """),
            Bound("beta", "default", "[beta.example.com]", "[istio-system/ingress]", """
                tls:
                - match: [{sniHosts: [beta.example.com]}]
                  route: [{destination: {host: beta, port: {number: 8443}}}]
                """));
        var ingress = scenario.Ingress();

        var alpha = scenario.Connect(ingress, ListenerCall.TlsTo(443, "alpha.example.com"));
        var beta = scenario.Connect(ingress, ListenerCall.TlsTo(443, "beta.example.com"));
        Assert.Multiple(() =>
        {
            Assert.That(alpha?.TcpCluster, Is.EqualTo("outbound|443||alpha.default.svc.cluster.local"));
            Assert.That(beta?.TcpCluster, Is.EqualTo("outbound|8443||beta.default.svc.cluster.local"));
            Assert.That(alpha?.TransportSocket, Is.Null, "passthrough does not terminate TLS");
            Assert.That(scenario.Connect(ingress, ListenerCall.TlsTo(443, "gamma.example.com")), Is.Null, "an SNI no tls route names has no chain");
            Assert.That(scenario.Connect(ingress, ListenerCall.TlsTo(443, null)), Is.Null, "neither has a client sending no SNI");
        });
        Assert.That(scenario.Cluster(ingress, "outbound|443||alpha.default.svc.cluster.local"), Is.Not.Null);
        scenario.AssertResourcesPassRules(ingress);
    }

    [Test]
    public void HttpsRedirectMakesThePlainPortsVirtualHostRequireTls()
    {
        using var scenario = new GatewayScenario(Svc("productpage"), Route, Gateway("ingress", """
            - port: {number: 80, name: http, protocol: HTTP}
              hosts: [bookinfo.example.com]
              tls: {httpsRedirect: true}
            - port: {number: 443, name: https, protocol: HTTPS}
              hosts: [bookinfo.example.com]
              tls: {mode: SIMPLE, credentialName: bookinfo-cert}
            """));
        var ingress = scenario.Ingress();

        var (chain, plain) = scenario.Request(ingress, ListenerCall.Http(80), To("bookinfo.example.com", "/cart"));
        Assert.Multiple(() =>
        {
            Assert.That(chain.RouteConfigName, Is.EqualTo("http.80"));
            Assert.That(plain.VirtualHost!.RequireTls, Is.EqualTo(Envoy.Config.Route.V3.VirtualHost.Types.TlsRequirementType.All));
            Assert.That((plain.Kind, plain.Location), Is.EqualTo((RouteDecisionKind.Redirect, "https://bookinfo.example.com/cart")),
                "the bound VirtualService does not get past the redirect");
        });

        var (_, secure) = scenario.Request(ingress, ListenerCall.TlsTo(443, "bookinfo.example.com"), To("bookinfo.example.com", "/cart"));
        Assert.That(secure.Cluster, Is.EqualTo(ProductPage));
        scenario.AssertResourcesPassRules(ingress);
    }

    [Test]
    public void HttpsRedirectOnAnHttpsServerStillRoutesTheTlsRequests()
    {
        // Istio's "httpsRedirect on https": the request already came over TLS, so it is routed.
        using var scenario = new GatewayScenario(Svc("productpage"), Route, Gateway("ingress", """
            - port: {number: 443, name: https, protocol: HTTPS}
              hosts: [bookinfo.example.com]
              tls: {mode: SIMPLE, credentialName: bookinfo-cert, httpsRedirect: true}
            """));
        var (_, decision) = scenario.Request(scenario.Ingress(), ListenerCall.TlsTo(443, "bookinfo.example.com"), To("bookinfo.example.com"));
        Assert.That((decision.Kind, decision.Cluster), Is.EqualTo((RouteDecisionKind.Forward, ProductPage)));
    }

    [Test]
    public void ATcpServerProxiesToTheTcpRoutesDestination()
    {
        using var scenario = new GatewayScenario(Svc("mysql", port: 3306, vip: "10.10.0.7", protocol: "TCP"),
            Gateway("ingress", """
                - port: {number: 31400, name: tcp, protocol: TCP}
                  hosts: ["*"]
                """),
            Bound("mysql", "default", "[\"*\"]", "[istio-system/ingress]", """
                tcp:
                - match: [{port: 31400}]
                  route: [{destination: {host: mysql, port: {number: 3306}}}]
                """));
        var ingress = scenario.Ingress();

        var chain = scenario.Connect(ingress, ListenerCall.Tcp(31400));
        Assert.Multiple(() =>
        {
            Assert.That(chain?.Listener, Is.EqualTo("0.0.0.0_31400"));
            Assert.That(chain?.TcpCluster, Is.EqualTo("outbound|3306||mysql.default.svc.cluster.local"));
            Assert.That(chain?.IsHttp, Is.False);
        });
        Assert.That(scenario.Cluster(ingress, "outbound|3306||mysql.default.svc.cluster.local"), Is.Not.Null);
        scenario.AssertResourcesPassRules(ingress);
    }

    [Test]
    public void ATlsServerTerminatesThenProxiesTcp()
    {
        using var scenario = new GatewayScenario(Svc("mysql", port: 3306, vip: "10.10.0.7", protocol: "TCP"),
            Gateway("ingress", """
                - port: {number: 3307, name: tls-mysql, protocol: TLS}
                  hosts: [db.example.com]
                  tls: {mode: SIMPLE, credentialName: db-cert}
                """),
            Bound("mysql", "default", "[db.example.com]", "[istio-system/ingress]", """
                tcp:
                - route: [{destination: {host: mysql, port: {number: 3306}}}]
                """));
        var ingress = scenario.Ingress();

        var chain = scenario.Connect(ingress, ListenerCall.TlsTo(3307, "db.example.com"));
        Assert.That(chain?.TcpCluster, Is.EqualTo("outbound|3306||mysql.default.svc.cluster.local"));
        Assert.That(Tls(chain!).CommonTlsContext.TlsCertificateSdsSecretConfigs.Single().Name, Is.EqualTo("kubernetes://db-cert"));
        scenario.AssertResourcesPassRules(ingress);
    }
}
