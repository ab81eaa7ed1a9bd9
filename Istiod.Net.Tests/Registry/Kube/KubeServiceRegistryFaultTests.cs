using System.Text.Json.Nodes;
using Istiod.Net.Kube;
using Istiod.Net.Registry.Kube;
using Istiod.Net.Tests.Infrastructure.FakeKube;
using Istiod.Net.Tests.Kube;
using static Istiod.Net.Tests.Infrastructure.KubeIstioObjects;

namespace Istiod.Net.Tests.Registry.Kube;

public sealed class KubeServiceRegistryFaultTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [TestCase(11)]
    [TestCase(12)]
    [TestCase(13)]
    public async Task After_any_sequence_of_faults_the_registry_equals_what_the_servers_final_state_converts_to(int seed)
    {
        var random = new Random(seed);
        await using var server = await FakeKubeApiServer.StartAsync(new FakeKubeApiServerOptions { BookmarkInterval = TimeSpan.FromMilliseconds(700) });
        server.Create(KubeResourceTypes.Namespaces, Namespace("ns"));
        using var client = new KubeClient(server.ClientConfig(), FastClient);
        await using var registry = new KubeServiceRegistry(client, new KubeServiceRegistryOptions { Informer = FastInformer(seed) });
        await registry.StartAsync(CancellationToken.None);
        await registry.FirstLoad.WaitAsync(Wait);
        var faults = new FakeKubeFaults(server, random);

        for (var step = 0; step < 150; step++)
        {
            var i = random.Next(4);
            switch (random.Next(5))
            {
                case 0:
                    Upsert(server, KubeResourceTypes.Services, "ns", $"svc{i}", Service("ns", $"svc{i}", $"10.96.0.{i}", ("http", 80 + random.Next(2), 8080)));
                    break;
                case 1:
                    var endpoints = Enumerable.Range(0, random.Next(4))
                        .Select(e => ($"pod{e}", $"10.1.{i}.{e}", random.Next(3) > 0, $"node{random.Next(2)}"))
                        .ToArray();
                    Upsert(server, KubeResourceTypes.EndpointSlices, "ns", $"svc{i}-s{random.Next(2)}", EndpointSlice("ns", $"svc{i}-s0", $"svc{i}", [("http", 8080)], endpoints));
                    break;
                case 2:
                    Upsert(server, KubeResourceTypes.Pods, "ns", $"pod{i}", Pod("ns", $"pod{i}", $"sa{random.Next(3)}", $"node{random.Next(2)}", ("version", $"v{step}")));
                    break;
                case 3:
                    Upsert(server, KubeResourceTypes.Nodes, null, $"node{i % 2}", Node($"node{i % 2}", "r", $"z{step}"));
                    break;
                default:
                    var type = new[] { KubeResourceTypes.Services, KubeResourceTypes.EndpointSlices, KubeResourceTypes.Pods }[random.Next(3)];
                    var victim = server.Objects(type).Keys.OrderBy(k => k, StringComparer.Ordinal).FirstOrDefault();
                    if (victim is not null)
                    {
                        server.Delete(type, "ns", victim.Split('/')[1]);
                    }

                    break;
            }

            if (random.Next(4) == 0)
            {
                await faults.InjectAsync();
            }

            if (random.Next(8) == 0)
            {
                await Task.Delay(random.Next(10, 150));
            }
        }

        faults.Heal();
        await KubeTestWait.UntilAsync(() => Matches(registry, Expected(server)), $"the registry to equal the server (seed {seed}; faults: {faults})");
        Assert.That(registry.Views.Values.Sum(v => v.Instances.Count), Is.EqualTo(Expected(server).Values.Sum(v => v.Instances.Count)), "nothing duplicated");
    }

    private static void Upsert(FakeKubeApiServer server, KubeResourceType type, string? ns, string name, JsonObject obj)
    {
        obj["metadata"]!["name"] = name;
        if (server.Get(type, ns, name) is null)
        {
            server.Create(type, obj);
        }
        else
        {
            obj["metadata"]!.AsObject().Remove("resourceVersion");
            server.Store.Replace(FakeKubeApiServer.ResourceOf(type), ns, name, obj);
        }
    }

    /// <summary>What the registry should hold: the converter applied to the server's objects directly.</summary>
    private static Dictionary<KubeObjectKey, KubeServiceView> Expected(FakeKubeApiServer server)
    {
        var pods = server.Objects(KubeResourceTypes.Pods).Values.ToDictionary(KubeObjectKey.Of);
        var nodes = server.Objects(KubeResourceTypes.Nodes).Values.ToDictionary(n => KubeObjects.Name(n)!);
        var namespaces = server.Objects(KubeResourceTypes.Namespaces).Values.ToDictionary(n => KubeObjects.Name(n)!);
        var slices = server.Objects(KubeResourceTypes.EndpointSlices).Values.ToArray();
        var lookups = new KubeServiceConverter.Lookups(pods.GetValueOrDefault, nodes.GetValueOrDefault, namespaces.GetValueOrDefault);
        var result = new Dictionary<KubeObjectKey, KubeServiceView>();
        foreach (var service in server.Objects(KubeResourceTypes.Services).Values)
        {
            var key = KubeObjectKey.Of(service);
            var mine = slices.Where(s => s["metadata"]?["labels"]?["kubernetes.io/service-name"]?.GetValue<string>() == key.Name);
            result[key] = KubeServiceConverter.Convert(service, mine, lookups, "cluster.local", "Kubernetes", new HashSet<KubeObjectKey>(), new HashSet<string>());
        }

        return result;
    }

    private static bool Matches(KubeServiceRegistry registry, Dictionary<KubeObjectKey, KubeServiceView> expected)
    {
        var actual = registry.Views;
        return actual.Count == expected.Count
            && expected.All(kv => actual.TryGetValue(kv.Key, out var view) && view.Service.SameDefinition(kv.Value.Service) && view.SameInstances(kv.Value));
    }
}
