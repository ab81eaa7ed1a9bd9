using System.Text.Json.Nodes;
using Istiod.Net.Config.Model;
using Istiod.Net.Config.Store;
using Istiod.Net.Diagnostics;
using Istiod.Net.Kube;
using Istiod.Net.Push;
using Istiod.Net.Registry;
using Istiod.Net.Registry.Kube;
using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Tests.Infrastructure.FakeKube;
using Istiod.Net.Tests.Kube;
using Istiod.Net.Xds.Cache;
using Istiod.Net.Xds.Generation;
using Istiod.Net.Xds.Protocol;
using Microsoft.Extensions.Logging.Abstractions;
using static Istiod.Net.Tests.Infrastructure.KubeIstioObjects;

namespace Istiod.Net.Tests.Registry.Kube;

public sealed class KubeServiceRegistryTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private const string ReviewsHost = "reviews.shop.svc.cluster.local";

    private static async Task<FakeKubeApiServer> ClusterAsync()
    {
        var server = await FakeKubeApiServer.StartAsync();
        server.Create(KubeResourceTypes.Namespaces, Namespace("shop"));
        server.Create(KubeResourceTypes.Nodes, Node("node-a", "eu-west1", "eu-west1-b"));
        server.Create(KubeResourceTypes.Pods, Pod("shop", "reviews-1", "reviews-sa", "node-a", ("app", "reviews"), ("version", "v1"), ("security.istio.io/tlsMode", "istio")));
        server.Create(KubeResourceTypes.Pods, Pod("shop", "reviews-2", "reviews-sa", "node-a", ("app", "reviews"), ("version", "v2")));
        var service = Service("shop", "reviews", "10.96.0.10", ("http-web", 80, 8080), ("grpc", 9090, 9090));
        service["spec"]!["ports"]![1]!["appProtocol"] = "http2";
        server.Create(KubeResourceTypes.Services, service);
        server.Create(KubeResourceTypes.EndpointSlices, EndpointSlice("shop", "reviews-abc", "reviews", [("http-web", 8080), ("grpc", 9090)],
            ("reviews-1", "10.1.0.1", true, "node-a"), ("reviews-2", "10.1.0.2", false, "node-a")));
        return server;
    }

    [Test]
    public async Task Services_endpoint_slices_pods_and_nodes_become_services_and_instances()
    {
        await using var server = await ClusterAsync();
        using var client = new KubeClient(server.ClientConfig(), FastClient);
        await using var registry = new KubeServiceRegistry(client, new KubeServiceRegistryOptions { Informer = FastInformer(1) });
        await registry.StartAsync(CancellationToken.None);
        await registry.FirstLoad.WaitAsync(Wait);

        var snapshot = Build(registry);
        var service = snapshot.Find(ReviewsHost, "shop")!;
        Assert.That(service, Is.Not.Null);
        var instances = snapshot.Instances(service.Key, 80).ToArray();
        var first = instances.Single(i => i.Address == "10.1.0.1");
        Assert.Multiple(() =>
        {
            Assert.That(service.Addresses, Is.EqualTo(new[] { "10.96.0.10" }));
            Assert.That(service.Source, Is.EqualTo("Kubernetes"));
            Assert.That(service.Ports, Is.EqualTo(new[] { new Istiod.Net.Registry.ServicePort("http-web", 80, "HTTP", 8080), new Istiod.Net.Registry.ServicePort("grpc", 9090, "HTTP2", 9090) }));
            Assert.That(service.Resolution, Is.EqualTo(ServiceEntryResolution.Static));
            Assert.That(instances.Select(i => (i.Address, i.Port, i.Ready)), Is.EqualTo(new[] { ("10.1.0.1", 8080u, true), ("10.1.0.2", 8080u, false) }));
            Assert.That(first.Labels["version"], Is.EqualTo("v1"));
            Assert.That(first.Labels["security.istio.io/tlsMode"], Is.EqualTo("istio"));
            Assert.That(first.Locality, Is.EqualTo("eu-west1/eu-west1-b"));
            Assert.That(first.ServiceAccount, Is.EqualTo("reviews-sa"));
            Assert.That(snapshot.Instances(service.Key, 9090).Select(i => i.Port), Is.EqualTo(new[] { 9090u, 9090u }));
        });
    }

    [Test]
    public async Task An_ExternalName_service_is_resolved_by_DNS()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        server.Create(KubeResourceTypes.Services, new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "payments", ["namespace"] = "shop" },
            ["spec"] = new JsonObject
            {
                ["type"] = "ExternalName",
                ["externalName"] = "api.payments.example.com",
                ["ports"] = new JsonArray(new JsonObject { ["name"] = "https", ["port"] = 443 }),
            },
        });
        using var client = new KubeClient(server.ClientConfig(), FastClient);
        await using var registry = new KubeServiceRegistry(client, new KubeServiceRegistryOptions { Informer = FastInformer(2) });
        await registry.StartAsync(CancellationToken.None);
        await registry.FirstLoad.WaitAsync(Wait);

        var snapshot = Build(registry);
        var service = snapshot.Find("payments.shop.svc.cluster.local", "shop")!;
        Assert.Multiple(() =>
        {
            Assert.That(service.Resolution, Is.EqualTo(ServiceEntryResolution.Dns));
            Assert.That(service.MeshExternal, Is.True);
            Assert.That(service.Ports.Single().Protocol, Is.EqualTo("HTTPS"));
            Assert.That(snapshot.Instances(service.Key).Select(i => (i.Address, i.Port)), Is.EqualTo(new[] { ("api.payments.example.com", 443u) }));
        });
    }

    [Test]
    public async Task Endpoint_and_pod_changes_are_endpoints_only_and_a_port_change_is_not()
    {
        await using var server = await ClusterAsync();
        using var client = new KubeClient(server.ClientConfig(), FastClient);
        await using var registry = new KubeServiceRegistry(client, new KubeServiceRegistryOptions { Informer = FastInformer(3) });
        var changes = new List<RegistrySourceChange>();
        registry.Changed += c =>
        {
            lock (changes)
            {
                changes.Add(c);
            }
        };
        await registry.StartAsync(CancellationToken.None);
        await registry.FirstLoad.WaitAsync(Wait);
        await KubeTestWait.UntilAsync(() => Count(changes) == 1, "the initial change");

        // A pod relabelled: its endpoints' labels change, the service does not.
        server.Patch(KubeResourceTypes.Pods, "shop", "reviews-2", JsonNode.Parse("""{"metadata":{"labels":{"version":"v3"}}}""")!.AsObject());
        await KubeTestWait.UntilAsync(() => Count(changes) == 2, "the pod change");
        // A node moved to another zone.
        server.Patch(KubeResourceTypes.Nodes, null, "node-a", JsonNode.Parse("""{"metadata":{"labels":{"topology.kubernetes.io/zone":"eu-west1-c"}}}""")!.AsObject());
        await KubeTestWait.UntilAsync(() => Count(changes) == 3, "the node change");
        // A port added: a definition change.
        server.Patch(KubeResourceTypes.Services, "shop", "reviews", JsonNode.Parse("""{"spec":{"ports":[{"name":"http-web","port":80,"targetPort":8080}]}}""")!.AsObject());
        await KubeTestWait.UntilAsync(() => Count(changes) == 4, "the service change");
        // A pod no endpoint points at changes nothing.
        server.Create(KubeResourceTypes.Pods, Pod("shop", "unrelated", "sa", "node-a", ("app", "x")));

        lock (changes)
        {
            Assert.That(changes.Skip(1).Select(c => (c.EndpointsOnly, string.Join(",", c.Hostnames))), Is.EqualTo(new[]
            {
                (true, ReviewsHost), (true, ReviewsHost), (false, ReviewsHost),
            }));
        }

        var instance = Build(registry).Instances(new ServiceKey(ReviewsHost, "shop"), 80).Single(i => i.Address == "10.1.0.2");
        Assert.That(instance.Labels["version"], Is.EqualTo("v3"));
        Assert.That(instance.Locality, Is.EqualTo("eu-west1/eu-west1-c"));
    }

    [Test]
    public async Task An_EndpointSlice_change_pushes_only_EDS_and_only_to_proxies_that_read_that_cluster()
    {
        await using var server = await ClusterAsync();
        server.Create(KubeResourceTypes.Services, Service("shop", "ratings", "10.96.0.11", ("grpc", 9000, 9000)));
        server.Create(KubeResourceTypes.EndpointSlices, EndpointSlice("shop", "ratings-x", "ratings", [("grpc", 9000)], ("r-1", "10.2.0.1", true, "node-a")));
        using var client = new KubeClient(server.ClientConfig(), FastClient);
        await using var registry = new KubeServiceRegistry(client, new KubeServiceRegistryOptions { Informer = FastInformer(4) });
        var changes = new List<RegistrySourceChange>();
        registry.Changed += c =>
        {
            lock (changes)
            {
                changes.Add(c);
            }
        };
        await registry.StartAsync(CancellationToken.None);
        await registry.FirstLoad.WaitAsync(Wait);
        await KubeTestWait.UntilAsync(() => Count(changes) == 1, "the initial change");

        using var metrics = new IstiodMetrics();
        var builder = new PushContextBuilder([registry], new PushOptions(), TimeProvider.System);
        var cache = new XdsResourceCache<Dependency>();
        var provider = new XdsResourceProvider(GeneratorTable.Default(), cache, metrics, NullLogger<XdsResourceProvider>.Instance);
        var pushes = new List<XdsPush>();
        provider.Pushed += pushes.Add;
        var context = builder.Build(new ConfigSnapshot(1, []), PushRequest.ForFull("initial"), null);
        provider.OnPushContext(context);

        var reviewsCluster = $"outbound|9090||{ReviewsHost}";
        var ratingsCluster = "outbound|9000||ratings.shop.svc.cluster.local";
        var readsReviews = Connect(provider);
        var readsRatings = Connect(provider);
        Assert.That(Endpoints(provider, readsReviews, reviewsCluster), Is.EqualTo(new[] { "10.1.0.1:9090", "10.1.0.2:9090" }));
        Assert.That(Endpoints(provider, readsRatings, ratingsCluster), Is.EqualTo(new[] { "10.2.0.1:9000" }));
        provider.Generate(readsRatings, XdsTypeUrls.Cluster, new HashSet<string> { reviewsCluster });

        // A third pod joins reviews.
        server.Patch(KubeResourceTypes.EndpointSlices, "shop", "reviews-abc", JsonNode.Parse("""
            {"endpoints":[
              {"addresses":["10.1.0.1"],"conditions":{"ready":true},"nodeName":"node-a","targetRef":{"kind":"Pod","name":"reviews-1","namespace":"shop"}},
              {"addresses":["10.1.0.2"],"conditions":{"ready":false},"nodeName":"node-a","targetRef":{"kind":"Pod","name":"reviews-2","namespace":"shop"}},
              {"addresses":["10.1.0.3"],"conditions":{"ready":true},"nodeName":"node-a"}]}
            """)!.AsObject());
        await KubeTestWait.UntilAsync(() => Count(changes) == 2, "the endpoint change");
        RegistrySourceChange change;
        lock (changes)
        {
            change = changes[^1];
        }

        Assert.That(change.EndpointsOnly, Is.True);
        Assert.That(change.Hostnames, Is.EquivalentTo(new[] { ReviewsHost }));
        provider.OnPushContext(builder.Build(context.Config, PushRequest.ForRegistry(change), context));

        var push = pushes[^1];
        Assert.Multiple(() =>
        {
            // Generators that may read endpoints (EDS; CDS for auto mTLS and DNS clusters; LDS for inbound
            // ports) make up the push; each proxy then re-fetches only the types whose last generation read them.
            Assert.That(push.Types, Does.Contain(XdsTypeUrls.Endpoint));
            Assert.That(push.Reason, Is.EqualTo("endpoint"));
            Assert.That(push.Affects!(readsReviews), Is.True);
            Assert.That(push.TypesFor!(readsReviews), Is.EquivalentTo(new[] { XdsTypeUrls.Endpoint }), "EDS only for the proxy reading those endpoints");
            Assert.That(push.TypesFor(readsRatings), Is.EquivalentTo(new[] { XdsTypeUrls.Cluster }),
                "its reviews cluster read the endpoints' tlsMode labels (auto mTLS), its own assignment did not change");
        });

        // Only the reviews cluster's assignment is generated again; the ratings one comes from the cache.
        var (hits, misses) = (cache.Hits, cache.Misses);
        Assert.That(Endpoints(provider, readsRatings, ratingsCluster), Is.EqualTo(new[] { "10.2.0.1:9000" }));
        Assert.That((cache.Hits - hits, cache.Misses - misses), Is.EqualTo((1L, 0L)), "ratings' assignment is still cached");
        Assert.That(Endpoints(provider, readsReviews, reviewsCluster), Is.EqualTo(new[] { "10.1.0.1:9090", "10.1.0.2:9090", "10.1.0.3:9090" }));
        Assert.That(cache.Misses - misses, Is.EqualTo(1), "reviews' assignment was regenerated");
    }

    private static Proxy Connect(XdsResourceProvider provider)
    {
        var node = new Envoy.Config.Core.V3.Node { Id = $"sidecar~10.0.0.9~client-{Guid.NewGuid():N}.shop~shop.svc.cluster.local", Metadata = new Google.Protobuf.WellKnownTypes.Struct() };
        node.Metadata.Fields["GENERATOR"] = Google.Protobuf.WellKnownTypes.Value.ForString("grpc");
        return (Proxy)provider.Connect(node, GenerationHarness.Connection());
    }

    private static string[] Endpoints(XdsResourceProvider provider, Proxy proxy, string cluster)
    {
        var resource = provider.Generate(proxy, XdsTypeUrls.Endpoint, new HashSet<string> { cluster }).Resources.Single();
        var assignment = resource.Resource.Unpack<Envoy.Config.Endpoint.V3.ClusterLoadAssignment>();
        return assignment.Endpoints.SelectMany(l => l.LbEndpoints)
            .Select(e => $"{e.Endpoint.Address.SocketAddress.Address}:{e.Endpoint.Address.SocketAddress.PortValue}")
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    private static RegistrySnapshot Build(IServiceRegistrySource source)
    {
        var builder = new RegistryBuilder();
        source.Contribute(ConfigSnapshot.Empty, builder);
        return builder.Build();
    }

    private static int Count(List<RegistrySourceChange> changes)
    {
        lock (changes)
        {
            return changes.Count;
        }
    }
}
