using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Istiod.Net.Config.Model;
using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Xds.Generation.Clusters;
using Istiod.Net.Xds.Protocol;
using static Istiod.Net.Tests.Infrastructure.MeshConfigs;

namespace Istiod.Net.Tests.Xds.Generation;

public sealed class GrpcClusterGeneratorTests
{
    private const string Host = "reviews.bookinfo.svc.cluster.local";

    private static ConfigObject Service() => StaticService("bookinfo", "reviews", "reviews", [9080, 9090], Endpoint("10.0.0.1"));

    private static LoadBalancerSettings Simple(SimpleLb lb) => new() { Simple = lb };

    private static ConfigObject Rule() => DestinationRule("bookinfo", "reviews", new DestinationRuleSpec
    {
        Host = "reviews",
        TrafficPolicy = new TrafficPolicy
        {
            LoadBalancer = Simple(SimpleLb.RoundRobin),
            ConnectionPool = new ConnectionPoolSettings { Tcp = new TcpSettings { ConnectTimeout = "3s" }, Http = new HttpSettings { Http2MaxRequests = 200 } },
            PortLevelSettings = [new PortTrafficPolicy { Port = new PortSelector { Number = 9090 }, LoadBalancer = new LoadBalancerSettings { ConsistentHash = new ConsistentHashLb { HttpHeaderName = "x-id", RingHash = new RingHashSettings { MinimumRingSize = 4096 } } } }],
        },
        Subsets =
        [
            new Subset { Name = "v1", Labels = Labels(("version", "v1")) },
            new Subset { Name = "v2", Labels = Labels(("version", "v2")), TrafficPolicy = new TrafficPolicy { LoadBalancer = new LoadBalancerSettings { ConsistentHash = new ConsistentHashLb { UseSourceIp = true, MinimumRingSize = 100_000_000 } } } },
            new Subset { Name = "v3", Labels = Labels(("version", "v3")), TrafficPolicy = new TrafficPolicy { LoadBalancer = Simple(SimpleLb.LeastRequest) } },
        ],
    });

    [Test]
    public void ClustersAreEdsOverAdsNamedForPortSubsetAndHost()
    {
        using var harness = new GenerationHarness([Service(), Rule()]);
        var proxy = harness.Connect("bookinfo");

        var names = harness.Generate(proxy, XdsTypeUrls.Cluster).Resources.Select(r => r.Name);
        Assert.That(names, Is.EquivalentTo(new[] { 9080, 9090 }.SelectMany(p => new[] { "", "v1", "v2", "v3" }.Select(s => $"outbound|{p}|{s}|{Host}"))));

        var cluster = harness.Cluster(proxy, $"outbound|9080|v1|{Host}")!;
        Assert.Multiple(() =>
        {
            Assert.That(cluster.Type, Is.EqualTo(Cluster.Types.DiscoveryType.Eds));
            Assert.That(cluster.EdsClusterConfig.ServiceName, Is.EqualTo($"outbound|9080|v1|{Host}"));
            Assert.That(cluster.EdsClusterConfig.EdsConfig.ConfigSourceSpecifierCase, Is.EqualTo(ConfigSource.ConfigSourceSpecifierOneofCase.Ads));
            Assert.That(cluster.EdsClusterConfig.EdsConfig.ResourceApiVersion, Is.EqualTo(ApiVersion.V3));
            Assert.That(cluster.LbPolicy, Is.EqualTo(Cluster.Types.LbPolicy.RoundRobin));
            Assert.That(cluster.ConnectTimeout.ToTimeSpan(), Is.EqualTo(TimeSpan.FromSeconds(3)));
            Assert.That(cluster.CircuitBreakers.Thresholds.Single().MaxRequests, Is.EqualTo(200));
            Assert.That(cluster.CircuitBreakers.Thresholds.Single().Priority, Is.EqualTo(RoutingPriority.Default));
        });
    }

    [Test]
    public void PortAndSubsetPoliciesOverrideTheRulesLoadBalancer()
    {
        using var harness = new GenerationHarness([Service(), Rule()]);
        var proxy = harness.Connect("bookinfo");

        var portLevel = harness.Cluster(proxy, $"outbound|9090||{Host}")!;
        Assert.That(portLevel.LbPolicy, Is.EqualTo(Cluster.Types.LbPolicy.RingHash));
        Assert.That(portLevel.RingHashLbConfig.HashFunction, Is.EqualTo(Cluster.Types.RingHashLbConfig.Types.HashFunction.XxHash));
        Assert.That(portLevel.RingHashLbConfig.MinimumRingSize, Is.EqualTo(4096));

        var subset = harness.Cluster(proxy, $"outbound|9080|v2|{Host}")!;
        Assert.That(subset.LbPolicy, Is.EqualTo(Cluster.Types.LbPolicy.RingHash));
        Assert.That(subset.RingHashLbConfig.MinimumRingSize, Is.EqualTo(LbPolicyTranslator.MaxRingSize), "capped at gRPC's limit");

        // grpc-js-xds 1.14 rejects LEAST_REQUEST: proxyless clients get round robin.
        Assert.That(harness.Cluster(proxy, $"outbound|9080|v3|{Host}")!.LbPolicy, Is.EqualTo(Cluster.Types.LbPolicy.RoundRobin));
    }

    [Test]
    public void LeastRequestIsKeptForClientsThatSupportIt()
    {
        var cluster = new Cluster();
        LbPolicyTranslator.Apply(cluster, Simple(SimpleLb.LeastRequest), supportsLeastRequest: true);
        Assert.That(cluster.LbPolicy, Is.EqualTo(Cluster.Types.LbPolicy.LeastRequest));
    }

    [Test]
    public void WithoutARuleTheDefaultIsRoundRobinWithTenSecondConnectTimeout()
    {
        using var harness = new GenerationHarness([Service()]);
        var cluster = harness.Cluster(harness.Connect("bookinfo"), $"outbound|9080||{Host}")!;
        Assert.That(cluster.LbPolicy, Is.EqualTo(Cluster.Types.LbPolicy.RoundRobin));
        Assert.That(cluster.ConnectTimeout.ToTimeSpan(), Is.EqualTo(TimeSpan.FromSeconds(10)));
        Assert.That(cluster.CircuitBreakers, Is.Null);
    }

    [Test]
    public void UnknownSubsetsPortsAndHostsAreOmitted()
    {
        using var harness = new GenerationHarness([Service(), Rule()]);
        var generated = harness.Generate(harness.Connect("bookinfo"), XdsTypeUrls.Cluster,
            $"outbound|9080|v9|{Host}", $"outbound|1234||{Host}", "outbound|9080||nothing.example", "inbound|9080||", "garbage");
        Assert.That(generated.Resources, Is.Empty);
    }
}
