using Envoy.Config.Core.V3;
using Istiod.Net.Config.Mesh;
using Istiod.Net.Config.Model;
using Istiod.Net.Push;
using Istiod.Net.Registry;
using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Xds.Generation;
using Istiod.Net.Xds.Generation.Clusters;
using Istiod.Net.Xds.Generation.Endpoints;
using static Istiod.Net.Tests.Infrastructure.EnvoyMesh;
using static Istiod.Net.Tests.Infrastructure.MeshConfigs;
using RegistryServicePort = Istiod.Net.Registry.ServicePort;

namespace Istiod.Net.Tests.Xds.Generation.Endpoints;

public sealed class EnvoyEndpointGeneratorTests
{
    private const string Reviews = "reviews.bookinfo.svc.cluster.local";
    private const string Cluster = $"outbound|9080||{Reviews}";

    /// <summary>Two endpoints in each of three localities: us-east/a, us-east/b and us-west/c.</summary>
    private static ConfigObject SpreadService() => Service("bookinfo", Reviews, [(9080, "HTTP")], endpoints:
    [
        Workload("10.0.1.1", locality: "us-east/a"), Workload("10.0.1.2", locality: "us-east/a"),
        Workload("10.0.2.1", locality: "us-east/b"), Workload("10.0.2.2", locality: "us-east/b"),
        Workload("10.0.3.1", locality: "us-west/c"), Workload("10.0.3.2", locality: "us-west/c"),
        Workload("10.0.4.1", locality: "eu-west/d"),
    ]);

    private static ConfigObject Rule(LocalityLbSetting? locality, bool outlier) => DestinationRule("bookinfo", "reviews", new DestinationRuleSpec
    {
        Host = "reviews",
        TrafficPolicy = new TrafficPolicy
        {
            LoadBalancer = locality is null ? null : new LoadBalancerSettings { LocalityLbSetting = locality },
            OutlierDetection = outlier ? new OutlierDetection { Consecutive5xxErrors = 5 } : null,
        },
    });

    private static GenerationHarness Harness(params ConfigObject[] configs) => new(configs, Table());

    private static IReadOnlyList<EndpointSimulator.Share> Simulate(GenerationHarness harness, Proxy proxy, string cluster, params string[] down) =>
        EndpointSimulator.Distribution(harness.Cluster(proxy, cluster)!, harness.Endpoints(proxy, cluster), down.ToHashSet());

    private static double ShareOf(IEnumerable<EndpointSimulator.Share> shares, string prefix) =>
        shares.Where(s => s.Address.StartsWith(prefix, StringComparison.Ordinal)).Sum(s => s.Fraction);

    [Test]
    public void Subset_clusters_hold_only_the_subset_endpoints()
    {
        using var harness = Harness(
            Service("bookinfo", Reviews, [(9080, "HTTP")], endpoints:
                [Workload("10.1.0.1", labels: ("version", "v1")), Workload("10.1.0.2", labels: ("version", "v2")), Workload("10.1.0.3", labels: ("version", "v2"))]),
            DestinationRule("bookinfo", "reviews", new DestinationRuleSpec { Host = "reviews", Subsets = [new Subset { Name = "v2", Labels = Labels(("version", "v2")) }] }));
        var proxy = harness.ConnectEnvoy("bookinfo");

        var v2 = Simulate(harness, proxy, $"outbound|9080|v2|{Reviews}");
        var all = Simulate(harness, proxy, Cluster);

        Assert.That(v2.Select(s => s.Address), Is.EquivalentTo(new[] { "10.1.0.2:9080", "10.1.0.3:9080" }));
        Assert.That(v2.Sum(s => s.Fraction), Is.EqualTo(1.0).Within(1e-9));
        Assert.That(all, Has.Count.EqualTo(3));
        Assert.That(harness.Endpoints(proxy, $"outbound|9080|v9|{Reviews}"), Is.Null, "an unknown subset has no assignment");
    }

    [Test]
    public void Auto_mtls_picks_mesh_tls_per_endpoint_by_its_tls_mode_label()
    {
        using var harness = Harness(Service("bookinfo", Reviews, [(9080, "HTTP")], endpoints:
            [Workload("10.1.0.1"), Workload("10.1.0.2", meshMtls: false)]));
        var proxy = harness.ConnectEnvoy("bookinfo");

        var shares = Simulate(harness, proxy, Cluster).ToDictionary(s => s.Address, s => s.TransportSocketMatch);

        Assert.That(shares["10.1.0.1:9080"], Is.EqualTo(UpstreamTls.IstioMatchName));
        Assert.That(shares["10.1.0.2:9080"], Is.EqualTo(UpstreamTls.PlaintextMatchName));
    }

    [Test]
    public void Endpoint_weights_split_the_traffic()
    {
        using var harness = Harness(Service("bookinfo", Reviews, [(9080, "HTTP")], endpoints:
            [Workload("10.1.0.1", weight: 3), Workload("10.1.0.2", weight: 1)]));

        var shares = Simulate(harness, harness.ConnectEnvoy("bookinfo"), Cluster).ToDictionary(s => s.Address, s => s.Fraction);

        Assert.That(shares["10.1.0.1:9080"], Is.EqualTo(0.75).Within(1e-9));
        Assert.That(shares["10.1.0.2:9080"], Is.EqualTo(0.25).Within(1e-9));
    }

    [Test]
    public void Without_outlier_detection_every_locality_shares_priority_zero()
    {
        using var harness = Harness(SpreadService(), Rule(null, outlier: false));

        var assignment = harness.Endpoints(harness.ConnectEnvoy("bookinfo", locality: "us-east/a"), Cluster)!;

        Assert.That(assignment.Endpoints.Select(l => l.Priority), Is.All.EqualTo(0u));
        Assert.That(assignment.Endpoints, Has.Count.EqualTo(4));
    }

    [Test]
    public void With_outlier_detection_traffic_stays_in_the_callers_zone_and_fails_over_by_proximity()
    {
        using var harness = Harness(SpreadService(), Rule(null, outlier: true));
        var proxy = harness.ConnectEnvoy("bookinfo", locality: "us-east/a");

        var healthy = Simulate(harness, proxy, Cluster);
        var zoneDown = Simulate(harness, proxy, Cluster, "10.0.1.1:9080", "10.0.1.2:9080");
        var regionDown = Simulate(harness, proxy, Cluster, "10.0.1.1:9080", "10.0.1.2:9080", "10.0.2.1:9080", "10.0.2.2:9080");

        Assert.That(ShareOf(healthy, "10.0.1."), Is.EqualTo(1.0).Within(1e-9));
        Assert.That(ShareOf(zoneDown, "10.0.2."), Is.EqualTo(1.0).Within(1e-9), "the other zone of the region comes next");
        Assert.That(ShareOf(regionDown, "10.0.3.") + ShareOf(regionDown, "10.0.4."), Is.EqualTo(1.0).Within(1e-9));
        var priorities = harness.Endpoints(proxy, Cluster)!.Endpoints.ToDictionary(l => l.Locality.Zone, l => l.Priority);
        Assert.That(priorities, Is.EquivalentTo(new Dictionary<string, uint> { ["a"] = 0, ["b"] = 1, ["c"] = 2, ["d"] = 2 }));
    }

    [Test]
    public void Half_a_zone_down_spills_only_part_of_the_traffic()
    {
        using var harness = Harness(SpreadService(), Rule(null, outlier: true));

        var shares = Simulate(harness, harness.ConnectEnvoy("bookinfo", locality: "us-east/a"), Cluster, "10.0.1.1:9080");

        // One of two healthy: 50% x 1.4 overprovisioning = 70% stays, 30% spills to priority 1.
        Assert.That(ShareOf(shares, "10.0.1."), Is.EqualTo(0.7).Within(1e-9));
        Assert.That(ShareOf(shares, "10.0.2."), Is.EqualTo(0.3).Within(1e-9));
    }

    [Test]
    public void Failover_names_the_region_that_comes_after_the_callers_own()
    {
        using var harness = Harness(SpreadService(), Rule(new LocalityLbSetting { Failover = [new LocalityFailover { From = "us-east", To = "eu-west" }] }, outlier: true));
        var proxy = harness.ConnectEnvoy("bookinfo", locality: "us-east/a");

        var regionDown = Simulate(harness, proxy, Cluster, "10.0.1.1:9080", "10.0.1.2:9080", "10.0.2.1:9080", "10.0.2.2:9080");

        Assert.That(ShareOf(regionDown, "10.0.4."), Is.EqualTo(1.0).Within(1e-9));
    }

    [Test]
    public void Failover_priority_labels_rank_endpoints_by_the_labels_they_share_with_the_caller()
    {
        using var harness = Harness(
            Service("bookinfo", Reviews, [(9080, "HTTP")], endpoints:
            [
                Workload("10.5.0.1", labels: [("net", "n1"), ("rack", "r1")]),
                Workload("10.5.0.2", labels: [("net", "n1"), ("rack", "r2")]),
                Workload("10.5.0.3", labels: [("net", "n2"), ("rack", "r1")]),
            ]),
            Rule(new LocalityLbSetting { FailoverPriority = ["net", "rack"] }, outlier: true));
        var proxy = harness.ConnectEnvoy("bookinfo", labels: Labels(("net", "n1"), ("rack", "r1")));

        var priorities = harness.Endpoints(proxy, Cluster)!.Endpoints
            .SelectMany(l => l.LbEndpoints.Select(e => (EndpointSimulator.AddressOf(e), l.Priority)))
            .ToDictionary(p => p.Item1, p => p.Priority);

        Assert.That(priorities, Is.EquivalentTo(new Dictionary<string, uint> { ["10.5.0.1:9080"] = 0, ["10.5.0.2:9080"] = 1, ["10.5.0.3:9080"] = 2 }));
    }

    [Test]
    public void Distribute_splits_traffic_between_localities_by_percentage()
    {
        using var harness = Harness(SpreadService(), Rule(new LocalityLbSetting
        {
            Distribute = [new LocalityDistribute { From = "us-east/a/*", To = new Dictionary<string, uint> { ["us-east/*"] = 80, ["us-west/c"] = 20 } }],
        }, outlier: false));
        var proxy = harness.ConnectEnvoy("bookinfo", locality: "us-east/a");

        var shares = Simulate(harness, proxy, Cluster);
        var fromElsewhere = Simulate(harness, harness.ConnectEnvoy("bookinfo", locality: "us-west/c"), Cluster);

        Assert.That(harness.Cluster(proxy, Cluster)!.CommonLbConfig.LocalityWeightedLbConfig, Is.Not.Null);
        Assert.That(ShareOf(shares, "10.0.1.") + ShareOf(shares, "10.0.2."), Is.EqualTo(0.8).Within(1e-3));
        Assert.That(ShareOf(shares, "10.0.3."), Is.EqualTo(0.2).Within(1e-3));
        Assert.That(ShareOf(shares, "10.0.4."), Is.Zero, "a locality no rule names gets nothing");
        Assert.That(ShareOf(fromElsewhere, "10.0.4."), Is.GreaterThan(0), "the rule applies only to callers it is from");
    }

    [Test]
    public void Mesh_locality_setting_applies_when_the_rule_has_none_and_enabled_false_turns_it_off()
    {
        var mesh = new MeshConfig { LocalityLbSetting = new LocalityLbSetting { Enabled = false } };
        using var harness = new GenerationHarness([SpreadService(), Rule(null, outlier: true)], Table(), options: new PushOptions { Mesh = mesh });

        var assignment = harness.Endpoints(harness.ConnectEnvoy("bookinfo", locality: "us-east/a"), Cluster)!;

        Assert.That(assignment.Endpoints.Select(l => l.Priority), Is.All.EqualTo(0u));
    }

    [Test]
    public void Consistent_hash_sends_equal_hashes_to_the_same_endpoint()
    {
        using var harness = Harness(SpreadService(), DestinationRule("bookinfo", "reviews", new DestinationRuleSpec
        {
            Host = "reviews",
            TrafficPolicy = new TrafficPolicy { LoadBalancer = new LoadBalancerSettings { ConsistentHash = new ConsistentHashLb { HttpHeaderName = "x-user" } } },
        }));
        var proxy = harness.ConnectEnvoy("bookinfo");
        var cluster = harness.Cluster(proxy, Cluster)!;
        var assignment = harness.Endpoints(proxy, Cluster);

        var picks = Enumerable.Range(0, 20).Select(h => EndpointSimulator.Pick(cluster, assignment, (ulong)h)).ToList();

        Assert.That(picks, Is.EqualTo(Enumerable.Range(0, 20).Select(h => EndpointSimulator.Pick(cluster, assignment, (ulong)h))));
        Assert.That(picks.Distinct().Count(), Is.GreaterThan(1));
    }

    [Test]
    public void Endpoints_not_ready_are_sent_unhealthy_not_dropped()
    {
        var instance = new ServiceInstance
        {
            Service = new ServiceKey(Reviews, "bookinfo"),
            ServicePort = new RegistryServicePort("http", 9080, "HTTP"),
            Address = "10.1.0.1",
            Port = 9080,
            Ready = false,
        };

        var endpoint = EnvoyLbEndpoints.Build(instance);

        Assert.That(endpoint.HealthStatus, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(EnvoyLbEndpoints.Build(instance with { Ready = true }).HealthStatus, Is.EqualTo(HealthStatus.Healthy));
    }
}
