using Envoy.Config.Cluster.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Istiod.Net.Config.Model;
using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Xds.Generation;
using Istiod.Net.Xds.Protocol;
using static Istiod.Net.Tests.Infrastructure.MeshConfigs;
using ModelServicePort = Istiod.Net.Config.Model.ServicePort;

namespace Istiod.Net.Tests.Xds.Generation.Listeners;

/// <summary>
/// A sidecar without iptables (INTERCEPTION_MODE NONE) and Sidecar listeners that are not captured
/// (captureMode NONE): listeners bound to real addresses, routes limited to the egress listener's hosts,
/// inbound listeners on bind:port to the defaultEndpoint, and no virtualOutbound/virtualInbound.
/// </summary>
public sealed class SidecarCaptureModeTests
{
    private const string Reviews = "reviews.default.svc.cluster.local";
    private const string Ratings = "ratings.default.svc.cluster.local";
    private const string Db = "db.default.svc.cluster.local";
    private const string PodIp = "10.0.0.5";

    private static readonly Dictionary<string, string> NoneMode = new() { ["INTERCEPTION_MODE"] = "NONE" };

    private static ConfigObject Service(string name, string host, string vip, uint port, string protocol) =>
        ServiceEntry("default", name, new ServiceEntrySpec
        {
            Hosts = [host],
            Addresses = [vip],
            Ports = [new ModelServicePort { Number = port, Name = protocol.ToLowerInvariant(), Protocol = protocol }],
            Resolution = ServiceEntryResolution.Static,
            Location = ServiceEntryLocation.MeshInternal,
            Endpoints = [Endpoint("10.0.1.1")],
        });

    private static ConfigObject[] Mesh(SidecarSpec? sidecar)
    {
        var configs = new List<ConfigObject>
        {
            Service("reviews", Reviews, "10.96.0.10", 9080, "HTTP"),
            Service("ratings", Ratings, "10.96.0.11", 9080, "HTTP"),
            Service("db", Db, "10.96.0.20", 5432, "TCP"),
        };
        if (sidecar is not null)
        {
            configs.Add(Object("Sidecar", "default", "default", sidecar));
        }

        return [.. configs];
    }

    /// <summary>The Sidecar of the brief: egress 127.0.0.1:9080 to reviews only, ingress 9080 to the app on 127.0.0.1:8080.</summary>
    private static SidecarSpec ReviewsSidecar(string? egressCapture = null, string? ingressCapture = null) => new()
    {
        Egress =
        [
            new IstioEgressListener
            {
                Port = new SidecarPort { Number = 9080, Protocol = "HTTP", Name = "http" },
                Bind = "127.0.0.1",
                CaptureMode = egressCapture,
                Hosts = [$"./{Reviews}"],
            },
        ],
        Ingress =
        [
            new IstioIngressListener
            {
                Port = new SidecarPort { Number = 9080, Protocol = "HTTP", Name = "http" },
                CaptureMode = ingressCapture,
                DefaultEndpoint = "127.0.0.1:8080",
            },
        ],
    };

    /// <summary>Every LDS, RDS and CDS resource the proxy gets, all of which the real validate.rules checker saw.</summary>
    private static (IReadOnlyList<Listener> Listeners, Func<string, RouteConfiguration?> Routes, Func<string, Cluster?> Clusters) Generate(
        GenerationHarness harness, RecordingRulesChecker rules, IReadOnlyDictionary<string, string>? metadata)
    {
        var proxy = harness.ConnectEnvoy("default", ip: PodIp, metadata: metadata);
        var listeners = harness.Listeners(proxy);
        var clusters = harness.Generate(proxy, XdsTypeUrls.Cluster).Resources.Select(r => r.Resource.Unpack<Cluster>()).ToList();
        var routes = harness.Generate(proxy, XdsTypeUrls.Route, [.. RouteNames(listeners)]).Resources.Select(r => r.Resource.Unpack<RouteConfiguration>()).ToList();
        Assert.That(rules.Found, Is.Empty, "every generated resource passes validate.rules");
        Assert.That(rules.Checked, Is.GreaterThan(0));
        return (listeners, name => routes.SingleOrDefault(r => r.Name == name), name => clusters.SingleOrDefault(c => c.Name == name));
    }

    private static IEnumerable<string> RouteNames(IEnumerable<Listener> listeners) =>
        listeners.SelectMany(l => l.FilterChains).SelectMany(c => c.Filters)
            .Where(f => f.TypedConfig.Is(HttpConnectionManager.Descriptor))
            .Select(f => f.TypedConfig.Unpack<HttpConnectionManager>().Rds?.RouteConfigName)
            .OfType<string>()
            .Distinct();

    private static bool MentionsRatings(string domain) => domain.Contains("ratings", StringComparison.Ordinal);

    [Test]
    public void WithoutInterceptionEgressAndIngressListenersBindTheirOwnPorts()
    {
        var rules = new RecordingRulesChecker();
        using var harness = new GenerationHarness(Mesh(ReviewsSidecar()), rules: rules);
        var (listeners, routes, clusters) = Generate(harness, rules, NoneMode);
        var sim = new ListenerSimulator(listeners);

        Assert.That(listeners.Select(l => l.Name), Is.EquivalentTo(new[] { "127.0.0.1_9080", $"{PodIp}_9080" }), "no virtualOutbound or virtualInbound without capture");

        var egress = sim.Named("127.0.0.1_9080");
        Assert.That(egress.Address.SocketAddress.Address, Is.EqualTo("127.0.0.1"));
        Assert.That(egress.Address.SocketAddress.PortValue, Is.EqualTo(9080));
        Assert.That(egress.BindToPort, Is.Not.False, "the listener owns its socket");
        Assert.That(egress.ListenerFilters.Select(f => f.Name), Has.No.Member("envoy.filters.listener.original_dst"));
        var call = sim.Direct("127.0.0.1", ListenerCall.Http(9080, "127.0.0.1"));
        Assert.That(call?.Listener, Is.EqualTo("127.0.0.1_9080"));
        Assert.That(call!.RouteConfigName, Is.EqualTo("9080"));

        var table = routes("9080");
        Assert.That(table, Is.Not.Null);
        var toReviews = RouteTableSimulator.Decide(table!, SimulatedRequest.To($"{Reviews}:9080"));
        Assert.That(toReviews.Cluster, Is.EqualTo($"outbound|9080||{Reviews}"));
        Assert.That(RouteTableSimulator.Decide(table!, SimulatedRequest.To("reviews:9080")).Cluster, Is.EqualTo($"outbound|9080||{Reviews}"));
        Assert.That(table!.VirtualHosts.SelectMany(v => v.Domains), Has.None.Matches<string>(MentionsRatings), "ratings is not among the egress listener's hosts");
        Assert.That(RouteTableSimulator.Decide(table, SimulatedRequest.To($"{Ratings}:9080")).Cluster, Is.Not.EqualTo($"outbound|9080||{Ratings}"));

        var inbound = sim.Named($"{PodIp}_9080");
        Assert.That(inbound.Address.SocketAddress.Address, Is.EqualTo(PodIp), "ingress bind defaults to the instance IP");
        Assert.That(inbound.BindToPort, Is.Not.False);
        Assert.That(inbound.TrafficDirection, Is.EqualTo(Envoy.Config.Core.V3.TrafficDirection.Inbound));
        Assert.That(inbound.ListenerFilters.Select(f => f.Name), Has.No.Member("envoy.filters.listener.original_dst"));
        var plain = sim.Direct(PodIp, ListenerCall.Http(9080, PodIp));
        Assert.That(plain?.Listener, Is.EqualTo($"{PodIp}_9080"));
        Assert.That(plain!.InlineRoutes?.VirtualHosts[0].Routes[0].Route_.Cluster, Is.EqualTo("inbound|9080||"));
        Assert.That(sim.Direct(PodIp, ListenerCall.MeshTls(9080, PodIp))?.TransportSocket, Is.Not.Null, "PERMISSIVE: mesh mTLS is terminated too");

        var endpoint = clusters("inbound|9080||")?.LoadAssignment.Endpoints.Single().LbEndpoints.Single().Endpoint.Address.SocketAddress;
        Assert.That((endpoint?.Address, endpoint?.PortValue), Is.EqualTo(("127.0.0.1", 8080u)));
        Assert.That(clusters($"outbound|9080||{Reviews}"), Is.Not.Null);
    }

    [Test]
    public void ATcpEgressPortProxiesToItsServiceOnLoopback()
    {
        var rules = new RecordingRulesChecker();
        using var harness = new GenerationHarness(Mesh(new SidecarSpec
        {
            Egress =
            [
                new IstioEgressListener { Port = new SidecarPort { Number = 5432, Protocol = "TCP", Name = "tcp" }, Hosts = [$"./{Db}"] },
            ],
        }), rules: rules);
        var (listeners, _, _) = Generate(harness, rules, NoneMode);

        var listener = listeners.Single(l => l.TrafficDirection == Envoy.Config.Core.V3.TrafficDirection.Outbound);
        Assert.That(listener.Name, Is.EqualTo("127.0.0.1_5432"), "bind defaults to loopback without capture");
        Assert.That(listener.BindToPort, Is.Not.False);
        Assert.That(new ListenerSimulator(listeners).Direct("127.0.0.1", ListenerCall.Tcp(5432, "127.0.0.1"))?.TcpCluster, Is.EqualTo($"outbound|5432||{Db}"));
        Assert.That(listeners.Where(l => l.TrafficDirection == Envoy.Config.Core.V3.TrafficDirection.Inbound), Is.Empty,
            "without capture and without ingress listeners nothing is bound inbound: the application owns its ports");
    }

    [Test]
    public void WithoutInterceptionOrSidecarEveryServicePortIsBoundOnLoopback()
    {
        var rules = new RecordingRulesChecker();
        using var harness = new GenerationHarness(Mesh(null), rules: rules);
        var (listeners, routes, clusters) = Generate(harness, rules, NoneMode);
        var sim = new ListenerSimulator(listeners);

        Assert.That(listeners.Select(l => l.Name), Is.EquivalentTo(new[] { "127.0.0.1_9080", "127.0.0.1_5432" }));
        Assert.That(listeners.Select(l => l.BindToPort), Has.None.False);
        Assert.That(sim.Direct("127.0.0.1", ListenerCall.Tcp(5432, "127.0.0.1"))?.TcpCluster, Is.EqualTo($"outbound|5432||{Db}"));
        var table = routes(sim.Direct("127.0.0.1", ListenerCall.Http(9080, "127.0.0.1"))!.RouteConfigName!)!;
        Assert.That(RouteTableSimulator.Decide(table, SimulatedRequest.To($"{Ratings}:9080")).Cluster, Is.EqualTo($"outbound|9080||{Ratings}"));
        Assert.That(clusters("inbound|9080||"), Is.Null, "no inbound clusters from the registry without capture");
    }

    [Test]
    public void RedirectProxiesKeepVirtualListenersAndOnlyUncapturedListenersBind()
    {
        var rules = new RecordingRulesChecker();
        using var harness = new GenerationHarness(Mesh(ReviewsSidecar(egressCapture: "NONE", ingressCapture: "NONE")), rules: rules);
        var (listeners, _, _) = Generate(harness, rules, metadata: null);
        var sim = new ListenerSimulator(listeners);

        Assert.That(listeners.Select(l => l.Name), Is.EquivalentTo(new[] { "virtualOutbound", "127.0.0.1_9080", "virtualInbound", $"{PodIp}_9080" }));
        Assert.That(sim.Named("127.0.0.1_9080").BindToPort, Is.Not.False);
        Assert.That(sim.Direct("127.0.0.1", ListenerCall.Http(9080, "127.0.0.1"))?.RouteConfigName, Is.EqualTo("9080"));
        Assert.That(sim.Direct(PodIp, ListenerCall.Http(9080, PodIp))?.InlineRoutes?.Name, Is.EqualTo("inbound|9080||"));
        Assert.That(sim.Inbound(ListenerCall.Http(9080))?.TcpCluster, Is.EqualTo("InboundPassthroughCluster"),
            "the uncaptured ingress port has no chain in virtualInbound");
    }

    [Test]
    public void RedirectProxiesHandCapturedEgressPortsOverFromVirtualOutbound()
    {
        var rules = new RecordingRulesChecker();
        var sidecar = ReviewsSidecar();
        sidecar = sidecar with { Egress = [sidecar.Egress![0] with { Bind = null }, new IstioEgressListener { Hosts = ["*/*"] }] };
        using var harness = new GenerationHarness(Mesh(sidecar), rules: rules);
        var (listeners, routes, _) = Generate(harness, rules, metadata: new Dictionary<string, string> { ["INTERCEPTION_MODE"] = "REDIRECT" });
        var sim = new ListenerSimulator(listeners);

        var http = sim.Outbound(ListenerCall.Http(9080, "10.96.0.11"));
        Assert.That(http?.Listener, Is.EqualTo("0.0.0.0_9080"));
        Assert.That(sim.Named("0.0.0.0_9080").BindToPort, Is.False, "captured: reached through virtualOutbound only");
        Assert.That(sim.Outbound(ListenerCall.Tcp(5432, "10.96.0.20"))?.TcpCluster, Is.EqualTo($"outbound|5432||{Db}"), "the catch-all serves other ports");
        var table = routes(http!.RouteConfigName!)!;
        Assert.That(RouteTableSimulator.Decide(table, SimulatedRequest.To($"{Reviews}:9080")).Cluster, Is.EqualTo($"outbound|9080||{Reviews}"));
        Assert.That(table.VirtualHosts.SelectMany(v => v.Domains), Has.None.Matches<string>(MentionsRatings),
            "port 9080 belongs to its egress listener: the catch-all's hosts do not join it");
        Assert.That(sim.Inbound(ListenerCall.Http(9080))?.InlineRoutes?.Name, Is.EqualTo("inbound|9080||"), "captured ingress stays in virtualInbound");
    }

    [TestCase(null, true)]
    [TestCase(MutualTlsMode.Strict, false)]
    public void ATcpIngressPortIsATcpProxyThatFollowsPeerAuthentication(MutualTlsMode? mode, bool plaintext)
    {
        var rules = new RecordingRulesChecker();
        var configs = Mesh(new SidecarSpec
        {
            Ingress =
            [
                new IstioIngressListener
                {
                    Port = new SidecarPort { Number = 5432, Protocol = "TCP", Name = "tcp" },
                    Bind = "127.0.0.2",
                    DefaultEndpoint = "127.0.0.1:15432",
                },
            ],
        }).ToList();
        if (mode is { } m)
        {
            configs.Add(Object("PeerAuthentication", "default", "default", new PeerAuthenticationSpec { Mtls = new PeerAuthenticationMtls { Mode = m } }));
        }

        using var harness = new GenerationHarness(configs, rules: rules);
        var (listeners, _, clusters) = Generate(harness, rules, NoneMode);
        var sim = new ListenerSimulator(listeners);

        Assert.That(sim.Named("127.0.0.2_5432").Address.SocketAddress.Address, Is.EqualTo("127.0.0.2"), "an explicit bind wins");
        Assert.That(sim.Direct("127.0.0.2", ListenerCall.Tcp(5432, "127.0.0.2"))?.TcpCluster, Is.EqualTo(plaintext ? "inbound|5432||" : null));
        Assert.That(sim.Direct("127.0.0.2", ListenerCall.MeshTls(5432, "127.0.0.2"))?.TcpCluster, Is.EqualTo("inbound|5432||"));
        Assert.That(clusters("inbound|5432||")?.LoadAssignment.Endpoints.Single().LbEndpoints.Single().Endpoint.Address.SocketAddress.PortValue, Is.EqualTo(15432));
    }

    [Test]
    public void AnIngressListenerNamedLikeAnOutboundOneIsLeftOut()
    {
        var rules = new RecordingRulesChecker();
        var sidecar = ReviewsSidecar(ingressCapture: "NONE");
        sidecar = sidecar with
        {
            Egress = [new IstioEgressListener { Hosts = ["*/*"] }],
            Ingress = [sidecar.Ingress![0] with { Bind = "0.0.0.0" }],
        };
        using var harness = new GenerationHarness(Mesh(sidecar), rules: rules);
        var (listeners, _, _) = Generate(harness, rules, metadata: null);

        var named = listeners.Where(l => l.Name == "0.0.0.0_9080").ToList();
        Assert.That(named, Has.Count.EqualTo(1), "Envoy refuses two listeners with one name");
        Assert.That(named[0].TrafficDirection, Is.EqualTo(Envoy.Config.Core.V3.TrafficDirection.Outbound));
    }

    [Test]
    public void TproxyMakesTheVirtualListenersTransparent()
    {
        var rules = new RecordingRulesChecker();
        using var harness = new GenerationHarness(Mesh(null), rules: rules);
        var (listeners, _, _) = Generate(harness, rules, new Dictionary<string, string> { ["INTERCEPTION_MODE"] = "TPROXY" });
        var sim = new ListenerSimulator(listeners);
        Assert.That(sim.Named("virtualOutbound").Transparent, Is.True);
        Assert.That(sim.Named("virtualInbound").Transparent, Is.True);
        Assert.That(sim.Outbound(ListenerCall.Tcp(5432, "10.96.0.20"))?.TcpCluster, Is.EqualTo($"outbound|5432||{Db}"));
    }

    [Test]
    public void AUnixDefaultEndpointIsAPipe()
    {
        var rules = new RecordingRulesChecker();
        var sidecar = ReviewsSidecar();
        sidecar = sidecar with { Ingress = [sidecar.Ingress![0] with { DefaultEndpoint = "unix:///var/run/app.sock" }] };
        using var harness = new GenerationHarness(Mesh(sidecar), rules: rules);
        var (_, _, clusters) = Generate(harness, rules, NoneMode);
        var address = clusters("inbound|9080||")?.LoadAssignment.Endpoints.Single().LbEndpoints.Single().Endpoint.Address;
        Assert.That(address?.Pipe?.Path, Is.EqualTo("/var/run/app.sock"));
    }
}
