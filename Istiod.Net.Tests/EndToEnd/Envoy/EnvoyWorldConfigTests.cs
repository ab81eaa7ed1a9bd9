using Istiod.Net.Tests.Infrastructure;

namespace Istiod.Net.Tests.EndToEnd.Envoy;

/// <summary>
/// The real-Envoy world (<see cref="EnvoyWorld"/>) without Envoy: the real istiod-net binary, the bootstraps
/// the real <c>istiod-net bootstrap</c> wrote, and a client that asks over the same socket, TLS and token for
/// what Envoy would. The config each proxy gets is walked the way Envoy would walk it: the listener the
/// connection lands on, the filter chain, the route, the cluster and its endpoints. <see cref="EnvoyTrafficTests"/>
/// sends real traffic through real Envoys on the same world when ENVOY_BIN is set.
/// </summary>
[NonParallelizable]
public sealed class EnvoyWorldConfigTests
{
    private EnvoyWorld _world = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _world = await EnvoyWorld.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_world is not null)
        {
            await _world.DisposeAsync();
        }
    }

    private EnvoyWorldPorts Ports => _world.Ports;

    private static string Web(int port, string subset) => $"outbound|{port}|{subset}|{EnvoyWorldConfig.WebHost}";

    [Test]
    public async Task Gateway_routes_by_path_to_the_web_subsets()
    {
        var gateway = await EnvoyProxyView.FetchAsync(_world, _world.Gateway);
        var listener = gateway.BoundListener("0.0.0.0", Ports.Gateway);

        var v2 = gateway.Route(listener, SimulatedRequest.To("web.example.com", "/v2/hello"), (uint)Ports.Gateway);
        var v1 = gateway.Route(listener, SimulatedRequest.To("web.example.com", "/hello"), (uint)Ports.Gateway);

        Assert.That(v2.Cluster, Is.EqualTo(Web(Ports.Web, "v2")), v2.ToString());
        Assert.That(gateway.EndpointsOf(v2.Cluster!), Is.EqualTo(new[] { $"127.0.0.1:{Ports.WebV2}" }));
        Assert.That(v1.Cluster, Is.EqualTo(Web(Ports.Web, "v1")), v1.ToString());
        Assert.That(gateway.EndpointsOf(v1.Cluster!), Is.EqualTo(new[] { $"127.0.0.1:{Ports.WebV1}" }));
    }

    [Test]
    public async Task Client_sidecar_without_iptables_binds_its_egress_ports_on_loopback_and_routes_them()
    {
        var client = await EnvoyProxyView.FetchAsync(_world, _world.Client);

        var web = client.Route(client.BoundListener("127.0.0.1", Ports.Web), SimulatedRequest.To(EnvoyWorldConfig.WebHost, "/v2"), (uint)Ports.Web);
        var server = client.Route(client.BoundListener("127.0.0.1", Ports.Server), SimulatedRequest.To(EnvoyWorldConfig.ServerHost, "/hi"), (uint)Ports.Server);

        Assert.That(web.Cluster, Is.EqualTo(Web(Ports.Web, "v2")), web.ToString());
        Assert.That(client.EndpointsOf(web.Cluster!), Is.EqualTo(new[] { $"127.0.0.1:{Ports.WebV2}" }));
        Assert.That(server.Cluster, Is.EqualTo($"outbound|{Ports.Server}||{EnvoyWorldConfig.ServerHost}"), server.ToString());
        Assert.That(client.EndpointsOf(server.Cluster!), Is.EqualTo(new[] { $"{EnvoyWorldConfig.ServerIp}:{Ports.Server}" }));
        Assert.That(client.Listeners.Select(l => l.Name), Has.None.EqualTo("virtualOutbound").And.None.EqualTo("virtualInbound"),
            "a proxy without iptables has nothing to capture");
    }

    [Test]
    public async Task Client_sidecar_originates_mutual_tls_to_the_server_with_its_own_identity()
    {
        var client = await EnvoyProxyView.FetchAsync(_world, _world.Client);
        var cluster = client.Clusters[$"outbound|{Ports.Server}||{EnvoyWorldConfig.ServerHost}"];

        var tls = TransportSockets.UpstreamTls(cluster);

        Assert.That(tls, Is.Not.Null, "auto mTLS: the server endpoint carries security.istio.io/tlsMode=istio");
        Assert.That(tls!.CommonTlsContext.TlsCertificateSdsSecretConfigs.Select(s => s.Name), Is.EqualTo(new[] { "default" }));
        Assert.That(TransportSockets.SubjectAltNames(tls), Does.Contain("spiffe://cluster.local/ns/e2e/sa/server"));
        Assert.That(client.Secrets, Does.ContainKey("default"), "the client's own certificate comes over SDS on the secure port");
        Assert.That(TransportSockets.CertificateUris(client.Secrets["default"]), Is.EqualTo(new[] { "spiffe://cluster.local/ns/e2e/sa/client" }));
    }

    [Test]
    public async Task Server_sidecar_ingress_listener_takes_only_mutual_tls_and_forwards_to_the_application()
    {
        var server = await EnvoyProxyView.FetchAsync(_world, _world.Server);
        var listener = server.BoundListener(EnvoyWorldConfig.ServerIp, Ports.Server);

        var plaintext = ListenerSimulator.Match(listener, ListenerCall.Http((uint)Ports.Server, EnvoyWorldConfig.ServerIp));
        var mtls = ListenerSimulator.Match(listener, ListenerCall.MeshTls((uint)Ports.Server, EnvoyWorldConfig.ServerIp));
        var decision = server.Route(listener, SimulatedRequest.To(EnvoyWorldConfig.ServerHost, "/hi"), (uint)Ports.Server, tls: true);

        Assert.That(plaintext, Is.Null, "STRICT: a plaintext connection finds no filter chain");
        Assert.That(mtls, Is.Not.Null);
        Assert.That(TransportSockets.RequiresClientCertificate(mtls!.TransportSocket), Is.True);
        Assert.That(decision.Cluster, Is.EqualTo($"inbound|{Ports.Server}||"), decision.ToString());
        Assert.That(server.EndpointsOf(decision.Cluster!), Is.EqualTo(new[] { $"127.0.0.1:{Ports.ServerApp}" }));
    }

    [Test]
    public async Task Istiod_config_dump_shows_everything_the_gateway_and_a_sidecar_hold()
    {
        foreach (var proxy in new[] { _world.Gateway, _world.Client })
        {
            var id = EnvoyBootstrapNode.Read(proxy.BootstrapFile).Id;
            string dump = "";
            var view = await EnvoyProxyView.FetchAsync(_world, proxy, async () =>
                dump = await _world.Istiod.GetStringAsync("debug/config_dump?proxyID=" + Uri.EscapeDataString(id)));

            Assert.Multiple(() =>
            {
                foreach (var name in view.Listeners.Select(l => l.Name).Concat(view.Routes.Keys).Concat(view.Clusters.Keys).Concat(view.Endpoints.Keys))
                {
                    Assert.That(dump, Does.Contain($"\"{name}\""), $"{proxy.Name}: {name} is in config_dump");
                }
            });
            Assert.That(dump, Does.Not.Contain("PRIVATE KEY"), "secrets are never dumped in full");
        }
    }

    [Test]
    public async Task No_two_proxies_bind_the_same_address()
    {
        var bound = new List<string>();
        foreach (var proxy in new[] { _world.Gateway, _world.Client, _world.Server })
        {
            var view = await EnvoyProxyView.FetchAsync(_world, proxy);
            bound.AddRange(view.Listeners.Where(l => l.BindToPort != false && l.Address?.SocketAddress is not null)
                .Select(l => $"{l.Address.SocketAddress.Address}:{l.Address.SocketAddress.PortValue}"));
        }

        Assert.That(bound, Is.Unique, "the three Envoys share one host; a second bind of an address would fail");
        var wildcardPorts = bound.Where(b => b.StartsWith("0.0.0.0:", StringComparison.Ordinal)).Select(b => b[8..]).ToHashSet();
        var specificPorts = bound.Where(b => !b.StartsWith("0.0.0.0:", StringComparison.Ordinal)).Select(b => b[(b.LastIndexOf(':') + 1)..]);
        Assert.That(specificPorts.Where(wildcardPorts.Contains), Is.Empty, "a wildcard bind takes the port on every address");
    }
}
