using Envoy.Extensions.TransportSockets.Tls.V3;
using Istiod.Net.Tests.Infrastructure;
using static Istiod.Net.Tests.Infrastructure.SimulatedRequest;
using static Istiod.Net.Tests.Xds.Generation.Gateways.GatewayConfigs;

namespace Istiod.Net.Tests.Xds.Generation.Gateways;

/// <summary>
/// Requests through a gateway from the listener in: which VirtualServices a Gateway's servers take
/// (<c>gateways:</c>, the servers' <c>namespace/host</c> entries, wildcards), header matches and weighted
/// splits, and an egress gateway reached from a sidecar over mesh mTLS.
/// </summary>
public sealed class GatewayRouteTests
{
    private const string ProductPage = "outbound|9080||productpage.default.svc.cluster.local";
    private const string Reviews = "reviews.default.svc.cluster.local";

    private static string Services() => Svc("productpage") + "\n---\n" + Svc("reviews", vip: "10.10.0.2");

    private static string Http(string hosts, uint port = 80) => $$"""
        - port: {number: {{port}}, name: http, protocol: HTTP}
          hosts: {{hosts}}
        """;

    [Test]
    public void AVirtualServiceBoundToOneGatewayIsNotServedByAnother()
    {
        using var scenario = new GatewayScenario(Services(),
            Gateway("public", Http("[\"*\"]")),
            Gateway("internal", Http("[\"*\"]", 8080)),
            Gateway("partner", Http("[\"*\"]"), selector: "{istio: partnergateway}"),
            Bound("public-only", "default", "[books.example.com]", "[istio-system/public]", "http:\n- route: [{destination: {host: productpage}}]"));
        var ingress = scenario.Ingress();
        var partner = scenario.Mesh.Gateway("istio-system", ("istio", "partnergateway"));

        Assert.Multiple(() =>
        {
            Assert.That(scenario.Request(ingress, ListenerCall.Http(80), To("books.example.com")).Decision.Cluster, Is.EqualTo(ProductPage));
            Assert.That(scenario.Request(ingress, ListenerCall.Http(8080), To("books.example.com")).Decision.VirtualHost?.Name, Is.EqualTo("blackhole:8080"),
                "another Gateway on the same proxy");
            Assert.That(scenario.Request(partner, ListenerCall.Http(80), To("books.example.com")).Decision.VirtualHost?.Name, Is.EqualTo("blackhole:80"),
                "another Gateway on another proxy, same port");
        });
        scenario.AssertResourcesPassRules(ingress, partner);
    }

    [Test]
    public void OnlyAGatewaysListThatNamesTheGatewayBindsIt()
    {
        using var scenario = new GatewayScenario(Services(), Gateway("ingress", Http("[\"*\"]")),
            VirtualServiceFor("mesh-only", "mesh.example.com", gateways: null),
            VirtualServiceFor("short-name", "short.example.com", gateways: "[ingress]"),
            VirtualServiceFor("qualified", "full.example.com", gateways: "[mesh, istio-system/ingress]"));
        var ingress = scenario.Ingress();
        RouteDecision Send(string host) => scenario.Request(ingress, ListenerCall.Http(80), To(host)).Decision;

        Assert.Multiple(() =>
        {
            Assert.That(Send("mesh.example.com").Kind, Is.EqualTo(RouteDecisionKind.NoVirtualHost), "no gateways: means mesh only");
            Assert.That(Send("short.example.com").Kind, Is.EqualTo(RouteDecisionKind.NoVirtualHost), "a short name is a Gateway in the VirtualService's namespace");
            Assert.That(Send("full.example.com").Cluster, Is.EqualTo(ProductPage));
        });
    }

    private static string VirtualServiceFor(string name, string host, string? gateways) =>
        Routes.SidecarRouteSimulationTests.VirtualService(name, "default",
            $"hosts: [{host}]\n{(gateways is null ? "" : $"gateways: {gateways}\n")}http:\n- route: [{{destination: {{host: productpage}}}}]");

    [Test]
    public void ServerHostsAdmitVirtualServicesByNamespaceAndWildcard()
    {
        using var scenario = new GatewayScenario(Services(),
            Gateway("ingress", Http("[\"shop/*.shop.example.com\", \"./admin.example.com\", \"*/api.example.com\"]")),
            Bound("cart", "shop", "[cart.shop.example.com]", "[istio-system/ingress]", "http:\n- route: [{destination: {host: productpage.default.svc.cluster.local}}]"),
            Bound("intruder", "default", "[pay.shop.example.com]", "[istio-system/ingress]", "http:\n- route: [{destination: {host: productpage}}]"),
            Bound("admin", "istio-system", "[admin.example.com]", "[ingress]", $"http:\n- route: [{{destination: {{host: {Reviews}}}}}]"),
            Bound("admin-elsewhere", "default", "[admin.example.com]", "[istio-system/ingress]", "http:\n- route: [{destination: {host: productpage}}]"),
            Bound("api", "default", "[\"*.example.com\"]", "[istio-system/ingress]", "http:\n- route: [{destination: {host: productpage}}]"));
        var ingress = scenario.Ingress();
        RouteDecision Send(string host) => scenario.Request(ingress, ListenerCall.Http(80), To(host)).Decision;

        Assert.Multiple(() =>
        {
            Assert.That(Send("cart.shop.example.com").Cluster, Is.EqualTo(ProductPage), "shop/ admits the shop namespace");
            Assert.That(Send("pay.shop.example.com").Kind, Is.EqualTo(RouteDecisionKind.NoVirtualHost), "shop/ does not admit default");
            Assert.That(Send("admin.example.com").Cluster, Is.EqualTo($"outbound|9080||{Reviews}"), "./ admits the gateway's own namespace only");
            Assert.That(Send("api.example.com").Cluster, Is.EqualTo(ProductPage), "a wildcard VirtualService host narrows to the server's host");
            Assert.That(Send("www.example.com").Kind, Is.EqualTo(RouteDecisionKind.NoVirtualHost), "but only to hosts the server has");
        });
        Assert.That(scenario.Routes(ingress, "http.80")!.VirtualHosts.SelectMany(v => v.Domains),
            Is.EquivalentTo(new[] { "cart.shop.example.com", "admin.example.com", "api.example.com" }));
        scenario.AssertResourcesPassRules(ingress);
    }

    [Test]
    public void HeaderMatchesAndWeightedSplitsReachTheirSubsetClusters()
    {
        using var scenario = new GatewayScenario(Services(), Subsets(Reviews), Gateway("ingress", Http("[books.example.com]")),
            Bound("reviews", "default", "[books.example.com]", "[istio-system/ingress]", """
                http:
                - match: [{headers: {end-user: {exact: jason}}}]
                  route: [{destination: {host: reviews, subset: v2}}]
                - route:
                  - {destination: {host: reviews, subset: v1}, weight: 75}
                  - {destination: {host: reviews, subset: v2}, weight: 25}
                """));
        var ingress = scenario.Ingress();
        RouteDecision Send(SimulatedRequest request, int pick = 0) => RouteTableSimulator.Decide(scenario.Routes(ingress, "http.80")!, request, pick);

        var split = Send(To("books.example.com"));
        Assert.Multiple(() =>
        {
            Assert.That(scenario.Request(ingress, ListenerCall.Http(80), To("books.example.com").With("end-user", "jason")).Decision.Cluster,
                Is.EqualTo($"outbound|9080|v2|{Reviews}"));
            Assert.That(split.Clusters, Is.EqualTo(new[] { ($"outbound|9080|v1|{Reviews}", 75u), ($"outbound|9080|v2|{Reviews}", 25u) }));
            Assert.That(Send(To("books.example.com").With("end-user", "mike"), pick: 1).Cluster, Is.EqualTo($"outbound|9080|v2|{Reviews}"));
        });
        foreach (var subset in new[] { "v1", "v2" })
        {
            Assert.That(scenario.Cluster(ingress, $"outbound|9080|{subset}|{Reviews}"), Is.Not.Null, $"the gateway has the {subset} cluster its routes name");
        }

        scenario.AssertResourcesPassRules(ingress);
    }

    /// <summary>
    /// Istio's egress gateway task: the sidecar's port 80 routes edition.cnn.com to the egress gateway over
    /// mesh mTLS (DestinationRule ISTIO_MUTUAL with the SNI the gateway's server matches), and the gateway
    /// terminates that and routes to the external ServiceEntry's cluster.
    /// </summary>
    [Test]
    public void ASidecarReachesAnExternalHostThroughTheEgressGateway()
    {
        const string EgressHost = "istio-egressgateway.istio-system.svc.cluster.local";
        const string Cnn = "edition.cnn.com";
        using var scenario = new GatewayScenario(
            $$"""
            apiVersion: networking.istio.io/v1
            kind: ServiceEntry
            metadata: {name: cnn, namespace: default}
            spec:
              hosts: [{{Cnn}}]
              ports:
              - {number: 80, name: http, protocol: HTTP}
              - {number: 443, name: https, protocol: HTTPS}
              location: MESH_EXTERNAL
              resolution: DNS
            """,
            $$$"""
            apiVersion: networking.istio.io/v1
            kind: ServiceEntry
            metadata: {name: istio-egressgateway, namespace: istio-system}
            spec:
              hosts: [{{{EgressHost}}}]
              addresses: [10.10.0.9]
              ports:
              - {number: 80, name: http, protocol: HTTP}
              - {number: 443, name: https, protocol: HTTPS}
              location: MESH_INTERNAL
              resolution: STATIC
              endpoints:
              - {address: 10.20.0.9, labels: {istio: egressgateway}}
            """,
            Gateway("istio-egressgateway", $$"""
                - port: {number: 443, name: https, protocol: HTTPS}
                  hosts: [{{Cnn}}]
                  tls: {mode: ISTIO_MUTUAL}
                """, selector: "{istio: egressgateway}"),
            $$"""
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata: {name: egressgateway-for-cnn, namespace: default}
            spec:
              host: {{EgressHost}}
              subsets:
              - name: cnn
                trafficPolicy:
                  portLevelSettings:
                  - port: {number: 443}
                    tls: {mode: ISTIO_MUTUAL, sni: {{Cnn}}}
            """,
            Bound("direct-cnn-through-egress-gateway", "default", $"[{Cnn}]", "[istio-system/istio-egressgateway, mesh]", $$"""
                http:
                - match: [{gateways: [mesh], port: 80}]
                  route: [{destination: {host: {{EgressHost}}, subset: cnn, port: {number: 443} } }]
                - match: [{gateways: [istio-system/istio-egressgateway], port: 443}]
                  route: [{destination: {host: {{Cnn}}, port: {number: 80} } }]
                """));
        var sidecar = scenario.Mesh.Sidecar("default", ("app", "sleep"));
        var egress = scenario.Mesh.Gateway("istio-system", ("istio", "egressgateway"));

        // Hop 1: the sidecar's plain HTTP to edition.cnn.com:80 goes to the egress gateway's cnn subset on 443, in mesh mTLS.
        var outbound = scenario.Listeners(sidecar).Outbound(ListenerCall.Http(80, "93.184.216.34"));
        Assert.That(outbound?.RouteConfigName, Is.EqualTo("80"));
        var hop1 = RouteTableSimulator.Decide(scenario.Routes(sidecar, "80")!, To(Cnn));
        const string ToEgress = $"outbound|443|cnn|{EgressHost}";
        Assert.That(hop1.Cluster, Is.EqualTo(ToEgress));
        var upstream = scenario.Cluster(sidecar, ToEgress)?.TransportSocket?.TypedConfig.Unpack<UpstreamTlsContext>();
        Assert.Multiple(() =>
        {
            Assert.That(upstream?.Sni, Is.EqualTo(Cnn));
            Assert.That(upstream?.CommonTlsContext.TlsCertificateSdsSecretConfigs.Select(s => s.Name), Is.EqualTo(new[] { "default" }));
            Assert.That(upstream?.CommonTlsContext.CombinedValidationContext?.ValidationContextSdsSecretConfig?.Name, Is.EqualTo("ROOTCA"));
        });

        // Hop 2: the egress gateway takes that handshake (SNI edition.cnn.com, ALPN istio) and routes to the external host.
        var (chain, hop2) = scenario.Request(egress, ListenerCall.TlsTo(443, Cnn, alpn: [.. upstream!.CommonTlsContext.AlpnProtocols]), To(Cnn));
        Assert.Multiple(() =>
        {
            Assert.That(chain.RouteConfigName, Is.EqualTo("https.443.https.istio-egressgateway.istio-system"));
            Assert.That(chain.TransportSocket!.TypedConfig.Unpack<DownstreamTlsContext>().RequireClientCertificate, Is.True);
            Assert.That(hop2.Cluster, Is.EqualTo($"outbound|80||{Cnn}"));
        });
        Assert.That(scenario.Cluster(egress, $"outbound|80||{Cnn}"), Is.Not.Null);
        scenario.AssertResourcesPassRules(sidecar, egress);
    }
}
