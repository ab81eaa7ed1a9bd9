using Istiod.Net.Config.Model;
using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Xds.Generation;
using static Istiod.Net.Tests.Infrastructure.MeshConfigs;
using ModelServicePort = Istiod.Net.Config.Model.ServicePort;

namespace Istiod.Net.Tests.Xds.Generation.Listeners;

public sealed class SidecarListenerGeneratorTests
{
    private const string Reviews = "reviews.default.svc.cluster.local";
    private const string Db = "db.default.svc.cluster.local";

    private static ConfigObject Service(string name, string host, string vip, params (uint Number, string Name, string? Protocol)[] ports) =>
        ServiceEntry("default", name, new ServiceEntrySpec
        {
            Hosts = [host],
            Addresses = [vip],
            Ports = ports.Select(p => new ModelServicePort { Number = p.Number, Name = p.Name, Protocol = p.Protocol }).ToList(),
            Resolution = ServiceEntryResolution.Static,
            Location = ServiceEntryLocation.MeshInternal,
            Endpoints = [Endpoint("10.0.0.1")],
        });

    private static ListenerSimulator Simulate(GenerationHarness harness, string ns = "default", IReadOnlyDictionary<string, string>? labels = null, string ip = "10.0.0.1") =>
        new(harness.Listeners(harness.Connect(ns, ip: ip, proxyless: false, labels: labels)));

    [Test]
    public void HttpPortsGoToTheRouteConfigOfThePortAndTcpPortsToTheServiceCluster()
    {
        using var harness = new GenerationHarness([
            Service("reviews", Reviews, "10.96.0.10", (9080, "http", "HTTP")),
            Service("db", Db, "10.96.0.20", (5432, "tcp", "TCP")),
        ]);
        var sim = Simulate(harness);

        var http = sim.Outbound(ListenerCall.Http(9080, "10.96.0.10"));
        Assert.That(http?.Listener, Is.EqualTo("0.0.0.0_9080"));
        Assert.That(http!.RouteConfigName, Is.EqualTo("9080"));
        Assert.That(http.HttpFilters, Is.EqualTo(new[] { HttpFilterNames.Fault, HttpFilterNames.Cors, HttpFilterNames.Router }));

        var tcp = sim.Outbound(ListenerCall.Tcp(5432, "10.96.0.20"));
        Assert.That(tcp?.Listener, Is.EqualTo("10.96.0.20_5432"));
        Assert.That(tcp!.TcpCluster, Is.EqualTo($"outbound|5432||{Db}"));
    }

    [TestCase(null, "PassthroughCluster")]
    [TestCase(OutboundTrafficMode.RegistryOnly, "BlackHoleCluster")]
    [TestCase(OutboundTrafficMode.AllowAny, "PassthroughCluster")]
    public void UnknownDestinationsFollowTheOutboundPolicy(OutboundTrafficMode? mode, string cluster)
    {
        var configs = new List<ConfigObject> { Service("reviews", Reviews, "10.96.0.10", (9080, "http", "HTTP")) };
        if (mode is { } m)
        {
            configs.Add(Object("Sidecar", "default", "default", new SidecarSpec { OutboundTrafficPolicy = new OutboundTrafficPolicy { Mode = m } }));
        }

        using var harness = new GenerationHarness(configs);
        var hit = Simulate(harness).Outbound(ListenerCall.Tcp(443, "93.184.216.34"));
        Assert.That(hit?.Listener, Is.EqualTo("virtualOutbound"));
        Assert.That(hit!.TcpCluster, Is.EqualTo(cluster));
    }

    [Test]
    public void TcpRoutesSplitByWeight()
    {
        using var harness = new GenerationHarness([
            Service("db", Db, "10.96.0.20", (5432, "tcp", "TCP")),
            VirtualService("default", "db", new VirtualServiceSpec
            {
                Hosts = [Db],
                Tcp = [new TcpRoute
                {
                    Match = [new L4MatchAttributes { Port = 5432 }],
                    Route =
                    [
                        new RouteDestination { Destination = new Destination { Host = "db", Subset = "v1" }, Weight = 80 },
                        new RouteDestination { Destination = new Destination { Host = "db", Subset = "v2" }, Weight = 20 },
                    ],
                }],
            }),
        ]);
        var hit = Simulate(harness).Outbound(ListenerCall.Tcp(5432, "10.96.0.20"));
        Assert.That(hit!.TcpClusters, Is.EqualTo(new[] { ($"outbound|5432|v1|{Db}", 80u), ($"outbound|5432|v2|{Db}", 20u) }));
    }

    [Test]
    public void UnknownProtocolIsSniffed()
    {
        using var harness = new GenerationHarness([Service("reviews", Reviews, "10.96.0.10", (9080, "web", ""))]);
        var sim = Simulate(harness);
        Assert.That(sim.Outbound(ListenerCall.Http(9080, "10.96.0.10"))?.RouteConfigName, Is.EqualTo("9080"));
        Assert.That(sim.Outbound(ListenerCall.Tcp(9080, "10.96.0.10"))?.TcpCluster, Is.EqualTo($"outbound|9080||{Reviews}"));
    }

    [TestCase(null, true, true)]
    [TestCase(MutualTlsMode.Permissive, true, true)]
    [TestCase(MutualTlsMode.Strict, true, false)]
    [TestCase(MutualTlsMode.Disable, false, true)]
    public void InboundChainsFollowPeerAuthentication(MutualTlsMode? mode, bool meshTls, bool plaintext)
    {
        var configs = new List<ConfigObject> { Service("reviews", Reviews, "10.96.0.10", (9080, "http", "HTTP")) };
        if (mode is { } m)
        {
            configs.Add(Object("PeerAuthentication", "default", "default", new PeerAuthenticationSpec { Mtls = new PeerAuthenticationMtls { Mode = m } }));
        }

        using var harness = new GenerationHarness(configs);
        var sim = Simulate(harness);
        var mtls = sim.Inbound(ListenerCall.MeshTls(9080));
        var plain = sim.Inbound(ListenerCall.Http(9080));
        // DISABLE does not terminate mesh TLS: it reaches the workload as opaque TLS.
        Assert.That(mtls?.TransportSocket is not null, Is.EqualTo(meshTls));
        Assert.That(plain is not null, Is.EqualTo(plaintext));
        if (meshTls)
        {
            Assert.That(mtls!.InlineRoutes?.VirtualHosts[0].Routes[0].Route_.Cluster, Is.EqualTo("inbound|9080||"));
        }

        if (plain is not null)
        {
            Assert.That(plain.TransportSocket, Is.Null);
            Assert.That(plain.InlineRoutes?.Name, Is.EqualTo("inbound|9080||"));
        }

        Assert.That(sim.Inbound(ListenerCall.Tcp(7777))?.TcpCluster, Is.EqualTo(plaintext ? "InboundPassthroughCluster" : null));
    }

    [Test]
    public void AStrictPortLevelSettingOnlyClosesThatPort()
    {
        using var harness = new GenerationHarness([
            Service("reviews", Reviews, "10.96.0.10", (9080, "http", "HTTP"), (5432, "tcp", "TCP")),
            Object("PeerAuthentication", "default", "reviews", new PeerAuthenticationSpec
            {
                Selector = new MatchLabelsSelector { MatchLabels = Labels(("app", "reviews")) },
                PortLevelMtls = new Dictionary<string, PeerAuthenticationMtls> { ["5432"] = new() { Mode = MutualTlsMode.Strict } },
            }),
        ]);
        var sim = Simulate(harness, labels: Labels(("app", "reviews")));
        Assert.That(sim.Inbound(ListenerCall.Tcp(5432)), Is.Null, "plaintext to the STRICT port");
        Assert.That(sim.Inbound(ListenerCall.MeshTls(5432))?.TcpCluster, Is.EqualTo("inbound|5432||"));
        Assert.That(sim.Inbound(ListenerCall.Http(9080))?.InlineRoutes?.Name, Is.EqualTo("inbound|9080||"));
    }

    [Test]
    public void SidecarEgressLimitsTheOutboundListenersAndIngressDefinesTheInboundPorts()
    {
        using var harness = new GenerationHarness([
            Service("reviews", Reviews, "10.96.0.10", (9080, "http", "HTTP")),
            Service("db", Db, "10.96.0.20", (5432, "tcp", "TCP")),
            Object("Sidecar", "default", "default", new SidecarSpec
            {
                Egress = [new IstioEgressListener { Hosts = ["./db.default.svc.cluster.local"] }],
                Ingress = [new IstioIngressListener { Port = new SidecarPort { Number = 8443, Protocol = "TCP", Name = "tcp" } }],
            }),
        ]);
        var sim = Simulate(harness);
        Assert.That(sim.Outbound(ListenerCall.Http(9080, "10.96.0.10"))?.Listener, Is.EqualTo("virtualOutbound"));
        Assert.That(sim.Outbound(ListenerCall.Tcp(5432, "10.96.0.20"))?.TcpCluster, Is.EqualTo($"outbound|5432||{Db}"));
        Assert.That(sim.Inbound(ListenerCall.Tcp(8443))?.TcpCluster, Is.EqualTo("inbound|8443||"));
        Assert.That(sim.Inbound(ListenerCall.Http(9080))?.TcpCluster, Is.EqualTo("InboundPassthroughCluster"));
    }
}
