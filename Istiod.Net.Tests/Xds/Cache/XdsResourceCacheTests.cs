using Google.Protobuf;
using Istiod.Net.Config.Model;
using Istiod.Net.Push;
using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Xds.Cache;
using Istiod.Net.Xds.Generation;
using Istiod.Net.Xds.Generation.Clusters;
using Istiod.Net.Xds.Generation.Endpoints;
using Istiod.Net.Xds.Generation.Listeners;
using Istiod.Net.Xds.Generation.Routes;
using Istiod.Net.Xds.Protocol;
using static Istiod.Net.Tests.Infrastructure.MeshConfigs;

namespace Istiod.Net.Tests.Xds.Cache;

public sealed class XdsResourceCacheTests
{
    /// <summary>Wraps a real generator and counts how often it runs, per resource name.</summary>
    private sealed class Counting(IXdsGenerator inner) : IXdsGenerator
    {
        public Dictionary<string, int> Runs { get; } = [];

        public string TypeUrl => inner.TypeUrl;

        public IReadOnlySet<DependencyKind> Reads => inner.Reads;

        public IEnumerable<string> ListNames(GenerationContext context, DependencyRecorder read) => inner.ListNames(context, read);

        public IMessage? Generate(GenerationContext context, string name, DependencyRecorder read)
        {
            lock (Runs)
            {
                Runs[name] = Runs.GetValueOrDefault(name) + 1;
            }

            // The recorder checks declarations against this wrapper's Reads, which are the inner ones.
            return inner.Generate(context, name, read);
        }

        public int Total => Runs.Values.Sum();
    }

    private sealed record Counters(Counting Lds, Counting Rds, Counting Cds, Counting Eds);

    private static (GenerationHarness Harness, Counters Counters) Harness(params ConfigObject[] configs)
    {
        var counters = new Counters(
            new Counting(new GrpcListenerGenerator()), new Counting(new GrpcRouteGenerator()),
            new Counting(new GrpcClusterGenerator()), new Counting(new EndpointGenerator()));
        var set = new GeneratorSet("counting", [counters.Lds, counters.Rds, counters.Cds, counters.Eds]);
        var table = new GeneratorTable([new GeneratorRule("all", _ => true, set)]);
        return (new GenerationHarness(configs, table), counters);
    }

    private const string A = "a.ns.svc.cluster.local";
    private const string B = "b.ns.svc.cluster.local";

    [Test]
    public void AThousandIdenticalProxiesCostOneGenerationPerResource()
    {
        var (harness, counters) = Harness(StaticService("ns", "a", "a", [9000], Endpoint("10.0.0.1")));
        using (harness)
        {
            for (var i = 0; i < 1000; i++)
            {
                var proxy = harness.Connect("client", ip: $"10.1.{i / 250}.{i % 250 + 1}");
                Assert.That(harness.Generate(proxy, XdsTypeUrls.Listener, $"{A}:9000").Resources, Has.Count.EqualTo(1));
                Assert.That(harness.Generate(proxy, XdsTypeUrls.Endpoint, $"outbound|9000||{A}").Resources, Has.Count.EqualTo(1));
            }

            Assert.That(counters.Lds.Runs[$"{A}:9000"], Is.EqualTo(1));
            Assert.That(counters.Eds.Runs[$"outbound|9000||{A}"], Is.EqualTo(1));
            Assert.That(harness.Provider.Cache.Misses, Is.EqualTo(2));
            Assert.That(harness.Provider.Cache.Hits, Is.EqualTo(1998));

            // Another namespace is another view: generated once more.
            harness.Generate(harness.Connect("other"), XdsTypeUrls.Listener, $"{A}:9000");
            Assert.That(counters.Lds.Runs[$"{A}:9000"], Is.EqualTo(2));
        }
    }

    [Test]
    public async Task ConcurrentRequestsForOneResourceShareOneGeneration()
    {
        var (harness, counters) = Harness(StaticService("ns", "a", "a", [9000], Endpoint("10.0.0.1")));
        using (harness)
        {
            var proxies = Enumerable.Range(0, 64).Select(i => harness.Connect("client", ip: $"10.2.0.{i + 1}")).ToList();
            using var start = new ManualResetEventSlim();
            var tasks = proxies.Select(p => Task.Run(() =>
            {
                start.Wait(TimeSpan.FromSeconds(30));
                return harness.Generate(p, XdsTypeUrls.Cluster, $"outbound|9000||{A}").Resources.Single().Version;
            })).ToList();
            start.Set();
            var versions = await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(30));

            Assert.That(versions.Distinct().Count(), Is.EqualTo(1));
            Assert.That(counters.Cds.Runs[$"outbound|9000||{A}"], Is.EqualTo(1));
            Assert.That(harness.Provider.Cache.Hits + harness.Provider.Cache.Misses, Is.EqualTo(64));
        }
    }

    [Test]
    public void AChangeRegeneratesOnlyWhatReadIt()
    {
        var (harness, counters) = Harness(
            StaticService("ns", "a", "a", [9000], Endpoint("10.0.0.1")),
            StaticService("ns", "b", "b", [9000], Endpoint("10.0.0.2")));
        using (harness)
        {
            var proxy = harness.Connect("ns");
            void FetchAll()
            {
                foreach (var host in new[] { A, B })
                {
                    harness.Generate(proxy, XdsTypeUrls.Listener, $"{host}:9000");
                    harness.Generate(proxy, XdsTypeUrls.Route, $"{host}:9000");
                    harness.Generate(proxy, XdsTypeUrls.Cluster, $"outbound|9000||{host}");
                    harness.Generate(proxy, XdsTypeUrls.Endpoint, $"outbound|9000||{host}");
                }
            }

            FetchAll();
            Assert.That(new[] { counters.Lds.Total, counters.Rds.Total, counters.Cds.Total, counters.Eds.Total }, Is.EqualTo(new[] { 2, 2, 2, 2 }));

            // A VirtualService for a: a's listener (fault filter check) and route are regenerated, nothing else.
            harness.Change(VirtualService("ns", "a", new VirtualServiceSpec { Hosts = ["a"], Http = [new HttpRoute { Timeout = "1s", Route = [new HttpRouteDestination { Destination = new Destination { Host = "a" } }] }] }));
            FetchAll();
            Assert.Multiple(() =>
            {
                Assert.That(counters.Lds.Runs, Is.EquivalentTo(new Dictionary<string, int> { [$"{A}:9000"] = 2, [$"{B}:9000"] = 1 }));
                Assert.That(counters.Rds.Runs, Is.EquivalentTo(new Dictionary<string, int> { [$"{A}:9000"] = 2, [$"{B}:9000"] = 1 }));
                Assert.That(counters.Cds.Total, Is.EqualTo(2));
                Assert.That(counters.Eds.Total, Is.EqualTo(2));
            });

            // A new endpoint for b in its ServiceEntry: the definition is the same, so only b's assignment and b's
            // cluster (whose auto mTLS depends on b's endpoints).
            harness.Change(StaticService("ns", "b", "b", [9000], Endpoint("10.0.0.2"), Endpoint("10.0.0.3")));
            FetchAll();
            Assert.Multiple(() =>
            {
                Assert.That(counters.Eds.Runs, Is.EquivalentTo(new Dictionary<string, int> { [$"outbound|9000||{A}"] = 1, [$"outbound|9000||{B}"] = 2 }));
                Assert.That(counters.Lds.Runs[$"{B}:9000"], Is.EqualTo(1));
                Assert.That(counters.Cds.Runs[$"outbound|9000||{A}"], Is.EqualTo(1));
                Assert.That(counters.Cds.Runs[$"outbound|9000||{B}"], Is.EqualTo(2), "b's cluster reads b's endpoints (auto mTLS)");
                Assert.That(harness.Endpoints(proxy, $"outbound|9000||{B}")!.Endpoints.Single().LbEndpoints, Has.Count.EqualTo(2));
            });
        }
    }

    [Test]
    public void AChangeVisibleOnlyInOneNamespaceKeepsOtherViewsCached()
    {
        var (harness, counters) = Harness(StaticService("ns", "a", "a", [9000], Endpoint("10.0.0.1")));
        using (harness)
        {
            var inside = harness.Connect("team");
            var outside = harness.Connect("others");
            harness.Generate(inside, XdsTypeUrls.Route, $"{A}:9000");
            harness.Generate(outside, XdsTypeUrls.Route, $"{A}:9000");
            Assert.That(counters.Rds.Total, Is.EqualTo(2));

            harness.Change(VirtualService("team", "a", new VirtualServiceSpec
            {
                Hosts = [A],
                ExportTo = ["."],
                Http = [new HttpRoute { Name = "team-only", Route = [new HttpRouteDestination { Destination = new Destination { Host = A } }] }],
            }));
            var teamRoutes = harness.Routes(inside, $"{A}:9000")!;
            harness.Generate(outside, XdsTypeUrls.Route, $"{A}:9000");

            Assert.That(teamRoutes.VirtualHosts[0].Routes.Single().Name, Is.EqualTo("team-only"));
            Assert.That(counters.Rds.Total, Is.EqualTo(3), "only the team view was regenerated");
        }
    }

    [Test]
    public void MissingResourcesAppearWhenWhatTheyNeedArrives()
    {
        var (harness, _) = Harness();
        using (harness)
        {
            var proxy = harness.Connect("ns");
            Assert.That(harness.Cluster(proxy, $"outbound|9000||{A}"), Is.Null);

            harness.Change(StaticService("ns", "a", "a", [9000]));
            Assert.That(harness.Cluster(proxy, $"outbound|9000||{A}"), Is.Not.Null);
        }
    }

    [Test]
    public void NamesThatResolveToNothingAreNotCached()
    {
        // A client on the plaintext port chooses the names it asks for: their absence must not stay in the
        // process-wide cache (issue 13, finding 3: 500k bogus EDS names grew the process by 400 MB for good).
        var (harness, counters) = Harness(StaticService("ns", "a", "a", [9000], Endpoint("10.0.0.1")));
        using (harness)
        {
            var attacker = harness.Connect("ns");
            var bogus = Enumerable.Range(0, 2000).Select(i => $"outbound|9000||bogus-{i}.ns.svc.cluster.local").ToArray();
            Assert.That(harness.Generate(attacker, XdsTypeUrls.Endpoint, bogus).Resources, Is.Empty);
            Assert.That(harness.Generate(attacker, XdsTypeUrls.Cluster, bogus).Resources, Is.Empty);
            Assert.That(harness.Provider.Cache.Current.Count, Is.Zero);

            // Real resources are still cached and shared.
            harness.Generate(attacker, XdsTypeUrls.Endpoint, $"outbound|9000||{A}");
            harness.Generate(harness.Connect("ns"), XdsTypeUrls.Endpoint, $"outbound|9000||{A}");
            Assert.That(harness.Provider.Cache.Current.Count, Is.EqualTo(1));
            Assert.That(counters.Eds.Runs[$"outbound|9000||{A}"], Is.EqualTo(1));
        }
    }

    [Test]
    public void AMissingResourceAskedForAgainIsLookedUpAgainAndAppearsWithItsService()
    {
        var (harness, counters) = Harness();
        using (harness)
        {
            var proxy = harness.Connect("ns");
            Assert.That(harness.Endpoints(proxy, $"outbound|9000||{A}"), Is.Null);
            Assert.That(harness.Endpoints(proxy, $"outbound|9000||{A}"), Is.Null);
            Assert.That(counters.Eds.Runs[$"outbound|9000||{A}"], Is.EqualTo(2), "absence is not cached");

            harness.Change(StaticService("ns", "a", "a", [9000], Endpoint("10.0.0.1")));
            Assert.That(harness.Pushes.Last().Affects?.Invoke(proxy) ?? true, Is.True, "the proxy that asked is pushed when the service appears");
            Assert.That(harness.Endpoints(proxy, $"outbound|9000||{A}"), Is.Not.Null);
        }
    }

    [Test]
    public void TheCacheHoldsAtMostItsCapacityAndEvictsTheLeastRecentlyUsed()
    {
        var cache = new XdsResourceCache<int>(capacity: 10);
        var generated = new List<string>();
        CachedResource<int>? Get(string name) => cache.Current.GetOrCreate(
            new CacheKey(XdsTypeUrls.Cluster, name, "ns", "set"),
            () =>
            {
                generated.Add(name);
                return new CachedResource<int>(null, new HashSet<int>());
            });

        for (var i = 0; i < 10; i++)
        {
            Get($"r{i}");
        }

        Get("r0");
        Assert.That(generated, Has.Count.EqualTo(10), "r0 came from the cache");
        Get("r10");
        Assert.That(cache.Current.Count, Is.LessThanOrEqualTo(10));
        Assert.That(cache.Evictions, Is.GreaterThan(0));

        generated.Clear();
        Get("r0");
        Get("r10");
        Get("r1");
        Assert.That(generated, Is.EqualTo(new[] { "r1" }), "the least recently used went first; r0 (just used) and r10 (new) stayed");

        // A burst of new names never takes the cache past its capacity.
        for (var i = 0; i < 1000; i++)
        {
            Get($"burst{i}");
            Assert.That(cache.Current.Count, Is.LessThanOrEqualTo(10));
        }
    }

    [Test]
    public void ProxiesClaimingManyNamespacesCannotGrowTheProcessPastTheCacheCapacity()
    {
        // A plaintext client names its namespace itself: each one is another view of the same resources.
        var table = new GeneratorTable([new GeneratorRule("all", _ => true, new GeneratorSet("eds", [new EndpointGenerator()]))]);
        using var harness = new GenerationHarness([StaticService("ns", "a", "a", [9000], Endpoint("10.0.0.1"))], table, cacheCapacity: 20);
        for (var i = 0; i < 500; i++)
        {
            var proxy = harness.Connect($"claimed-{i}");
            Assert.That(harness.Generate(proxy, XdsTypeUrls.Endpoint, $"outbound|9000||{A}").Resources, Has.Count.EqualTo(1));
        }

        Assert.That(harness.Provider.Cache.Current.Count, Is.LessThanOrEqualTo(20));
        Assert.That(harness.Provider.LastGoodCount, Is.LessThanOrEqualTo(20 + 2), "the last good versions are bounded like the cache");
    }

    [Test]
    public void CarriedEntriesRespectTheCapacityToo()
    {
        var cache = new XdsResourceCache<int>(capacity: 5);
        for (var i = 0; i < 5; i++)
        {
            cache.Current.GetOrCreate(new CacheKey(XdsTypeUrls.Cluster, $"r{i}", "ns", "set"), () => new CachedResource<int>(null, new HashSet<int>()));
        }

        var next = cache.Advance(1, (_, _) => true);
        Assert.That(next.Count, Is.EqualTo(5));
        Assert.That(() => new XdsResourceCache<int>(capacity: 0), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void AGeneratorThatThrowsIsNotCachedAndLeavesTheResourceOut()
    {
        var failing = new Throwing();
        var table = new GeneratorTable([new GeneratorRule("all", _ => true, new GeneratorSet("t", [failing]))]);
        using var harness = new GenerationHarness([], table);
        var proxy = harness.Connect("ns");

        Assert.That(harness.Generate(proxy, XdsTypeUrls.Cluster, "x").Resources, Is.Empty);
        Assert.That(harness.Generate(proxy, XdsTypeUrls.Cluster, "x").Resources, Is.Empty);
        Assert.That(failing.Calls, Is.EqualTo(2), "a failure is retried, not cached");
    }

    private sealed class Throwing : IXdsGenerator
    {
        public int Calls { get; private set; }

        public string TypeUrl => XdsTypeUrls.Cluster;

        public IReadOnlySet<DependencyKind> Reads { get; } = new HashSet<DependencyKind>();

        public IEnumerable<string> ListNames(GenerationContext context, DependencyRecorder read) => [];

        public IMessage? Generate(GenerationContext context, string name, DependencyRecorder read)
        {
            Calls++;
            throw new InvalidOperationException("broken generator");
        }
    }
}
