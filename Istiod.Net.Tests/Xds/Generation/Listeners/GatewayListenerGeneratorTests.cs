using Envoy.Extensions.TransportSockets.Tls.V3;
using Istiod.Net.Config.Model;
using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Xds.Generation;
using static Istiod.Net.Tests.Infrastructure.MeshConfigs;

namespace Istiod.Net.Tests.Xds.Generation.Listeners;

public sealed class GatewayListenerGeneratorTests
{
    private static readonly IReadOnlyDictionary<string, string> IngressLabels = Labels(("istio", "ingressgateway"));

    private static ListenerSimulator Simulate(GenerationHarness harness, IReadOnlyDictionary<string, string> labels) =>
        new(harness.Listeners(harness.Connect("istio-system", ip: "10.244.0.80", kind: "router", proxyless: false, labels: labels)));

    private static ConfigObject Gateway(string name, params Server[] servers) =>
        Object("Gateway", "default", name, new GatewaySpec { Selector = IngressLabels, Servers = servers });

    private static Server Http(uint port, params string[] hosts) =>
        new() { Port = new Port { Number = port, Name = "http", Protocol = "HTTP" }, Hosts = hosts };

    [Test]
    public void A_plain_http_server_is_a_listener_on_its_port_using_routes_http_port()
    {
        using var harness = new GenerationHarness([Gateway("web", Http(80, "*"))]);
        var hit = Simulate(harness, IngressLabels).Direct(ListenerCall.Http(80));

        Assert.That(hit?.Listener, Is.EqualTo("0.0.0.0_80"));
        Assert.That(hit!.RouteConfigName, Is.EqualTo("http.80"));
        Assert.That(hit.HttpFilters, Does.Contain(HttpFilterNames.Router));
    }

    [Test]
    public void A_gateway_whose_selector_does_not_match_the_proxy_gives_it_no_listener()
    {
        using var harness = new GenerationHarness([Gateway("web", Http(80, "*"))]);
        var hit = Simulate(harness, Labels(("istio", "egressgateway"))).Direct(ListenerCall.Http(80));
        Assert.That(hit, Is.Null);
    }

    [Test]
    public void An_https_server_terminates_tls_with_the_credential_over_sds_and_routes_by_its_own_route_config()
    {
        var https = new Server
        {
            Port = new Port { Number = 443, Name = "https", Protocol = "HTTPS" },
            Hosts = ["bookinfo.example.com"],
            Tls = new ServerTlsSettings { Mode = ServerTlsMode.Simple, CredentialName = "bookinfo-cert" },
        };
        using var harness = new GenerationHarness([Gateway("secure", https)]);
        var hit = Simulate(harness, IngressLabels).Direct(ListenerCall.TlsTo(443, "bookinfo.example.com"));

        Assert.That(hit?.Listener, Is.EqualTo("0.0.0.0_443"));
        Assert.That(hit!.RouteConfigName, Is.EqualTo("https.443.https.secure.default"));
        var tls = hit.TransportSocket!.TypedConfig.Unpack<DownstreamTlsContext>();
        Assert.That(tls.CommonTlsContext.TlsCertificateSdsSecretConfigs.Select(s => s.Name), Is.EqualTo(new[] { "kubernetes://bookinfo-cert" }));
        Assert.That(tls.RequireClientCertificate, Is.Null.Or.Property("Value").False, "SIMPLE does not ask the client for a certificate");
    }
}
