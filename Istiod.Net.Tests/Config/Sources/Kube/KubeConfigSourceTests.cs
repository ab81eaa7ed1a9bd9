using System.Text.Json.Nodes;
using Istiod.Net.Config.Model;
using Istiod.Net.Config.Parsing;
using Istiod.Net.Config.Sources.File;
using Istiod.Net.Config.Sources.Kube;
using Istiod.Net.Config.Store;
using Istiod.Net.Kube;
using Istiod.Net.Tests.Infrastructure.FakeKube;
using Istiod.Net.Tests.Kube;
using static Istiod.Net.Tests.Infrastructure.KubeIstioObjects;

namespace Istiod.Net.Tests.Config.Sources.Kube;

public sealed class KubeConfigSourceTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    private static KubeConfigSourceOptions Options(int seed) => new()
    {
        NotInstalledRetry = TimeSpan.FromMilliseconds(300),
        Informer = FastInformer(seed),
    };

    [Test]
    public async Task Valid_objects_reach_the_store_and_invalid_ones_show_as_rejections_named_by_kind_namespace_and_name()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        server.Create(VirtualServicesV1, VirtualService("default", "good", "reviews"));
        server.Create(VirtualServicesV1, VirtualService("default", "bad", "ratings", weight: -5));
        server.Create(DestinationRulesV1, DestinationRule("prod", "dr", "reviews"));
        using var client = new KubeClient(server.ClientConfig(), FastClient);
        var store = new ConfigStore();
        await using var source = new KubeConfigSource(client, new ConfigParser(), store, Options(1));

        await source.StartAsync(CancellationToken.None);
        await source.FirstLoad.WaitAsync(Wait);

        Assert.Multiple(() =>
        {
            Assert.That(store.Current.Get(new ConfigKey("VirtualService", "default", "good")), Is.Not.Null);
            Assert.That(store.Current.Get(new ConfigKey("VirtualService", "default", "bad")), Is.Null);
            Assert.That(store.Current.Get(new ConfigKey("DestinationRule", "prod", "dr")), Is.Not.Null);
            var rejection = store.Rejections.Single();
            Assert.That(rejection.Source, Is.EqualTo("VirtualService/default/bad"));
            Assert.That(rejection.Errors.Select(e => e.Path), Has.Some.Contains("weight"));
        });

        // Fixing the object in the cluster clears the rejection and brings it in.
        server.Patch(VirtualServicesV1, "default", "bad", JsonNode.Parse("""{"spec":{"http":[{"route":[{"destination":{"host":"ratings"},"weight":100}]}]}}""")!.AsObject());
        await KubeTestWait.UntilAsync(() => store.Current.Get(new ConfigKey("VirtualService", "default", "bad")) is not null, "the fixed object");
        Assert.That(store.Rejections, Is.Empty);

        server.Delete(DestinationRulesV1, "prod", "dr");
        await KubeTestWait.UntilAsync(() => store.Current.Get(new ConfigKey("DestinationRule", "prod", "dr")) is null, "the delete");
    }

    [Test]
    public async Task Picks_the_first_served_version_and_syncs_although_some_kinds_are_not_installed()
    {
        await using var server = await FakeKubeApiServer.StartAsync();

        // security.istio.io only at v1beta1; telemetry and extensions not installed at all.
        server.Serves = r => r.Group switch
        {
            "security.istio.io" => r.Version == "v1beta1",
            "telemetry.istio.io" or "extensions.istio.io" => false,
            _ => true,
        };
        server.Create(AuthorizationPoliciesV1Beta1, AuthorizationPolicy("default", "deny"));
        using var client = new KubeClient(server.ClientConfig(), FastClient);
        var store = new ConfigStore();
        await using var source = new KubeConfigSource(client, new ConfigParser(), store, Options(2));

        await source.StartAsync(CancellationToken.None);
        await source.FirstLoad.WaitAsync(Wait);

        Assert.Multiple(() =>
        {
            Assert.That(source.WatchedType("AuthorizationPolicy")?.Version, Is.EqualTo("v1beta1"));
            Assert.That(source.WatchedType("VirtualService")?.Version, Is.EqualTo("v1"));
            Assert.That(source.WatchedType("Telemetry"), Is.Null);
            Assert.That(store.Current.Get(new ConfigKey("AuthorizationPolicy", "default", "deny")), Is.Not.Null);
        });

        // The CRD gets installed later: the slow retry finds it.
        server.Serves = null;
        server.Create(Crd("telemetry.istio.io", "v1", "telemetries", "Telemetry"), new JsonObject
        {
            ["apiVersion"] = "telemetry.istio.io/v1",
            ["kind"] = "Telemetry",
            ["metadata"] = new JsonObject { ["name"] = "mesh-default", ["namespace"] = "istio-system" },
            ["spec"] = new JsonObject { ["accessLogging"] = new JsonArray(new JsonObject { ["providers"] = new JsonArray(new JsonObject { ["name"] = "envoy" }) }) },
        });
        await KubeTestWait.UntilAsync(() => store.Current.Get(new ConfigKey("Telemetry", "istio-system", "mesh-default")) is not null, "the newly installed kind");
        Assert.That(source.WatchedType("Telemetry")?.Version, Is.EqualTo("v1"));

        // And uninstalled again: its objects leave the store.
        server.Serves = r => r.Group != "telemetry.istio.io";
        server.DropWatches();
        await KubeTestWait.UntilAsync(() => store.Current.Get(new ConfigKey("Telemetry", "istio-system", "mesh-default")) is null, "the uninstalled kind's objects to go");
    }

    [Test]
    public async Task Runs_beside_the_folder_source_in_one_store()
    {
        using var dir = new TempDirectory();
        System.IO.File.WriteAllText(System.IO.Path.Combine(dir.Path, "vs.yaml"), """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: { name: from-file, namespace: default }
            spec:
              hosts: [details]
              http: [{ route: [{ destination: { host: details } }] }]
            """);
        await using var server = await FakeKubeApiServer.StartAsync();
        server.Create(VirtualServicesV1, VirtualService("default", "from-cluster", "reviews"));
        using var client = new KubeClient(server.ClientConfig(), FastClient);
        var store = new ConfigStore();
        var parser = new ConfigParser();
        await using var files = new FileConfigSource(new FileConfigSourceOptions { Directory = dir.Path }, parser, store);
        await using var cluster = new KubeConfigSource(client, parser, store, Options(3));

        await files.StartAsync(CancellationToken.None);
        await cluster.StartAsync(CancellationToken.None);
        await Task.WhenAll(files.FirstLoad, cluster.FirstLoad).WaitAsync(Wait);

        Assert.That(store.Current.List("VirtualService").Select(c => c.Meta.Name), Is.EquivalentTo(new[] { "from-file", "from-cluster" }));
        Assert.That(store.Sources, Is.EquivalentTo(new[] { files.Id, cluster.Id }));
    }

    [Test]
    public async Task The_mesh_config_is_read_from_the_istio_ConfigMap_and_follows_its_changes()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        server.Create(KubeResourceTypes.ConfigMaps, ConfigMap("istio-system", "istio", ("mesh", "enableTracing: false\n")));
        server.Create(KubeResourceTypes.ConfigMaps, ConfigMap("istio-system", "other", ("mesh", "not this one")));
        using var client = new KubeClient(server.ClientConfig(), FastClient);
        await using var mesh = new KubeMeshConfigSource(client, "istio-system", informer: FastInformer(4));
        var seen = new List<string?>();
        mesh.Changed += yaml =>
        {
            lock (seen)
            {
                seen.Add(yaml);
            }
        };

        await mesh.StartAsync(CancellationToken.None);
        await mesh.FirstLoad.WaitAsync(Wait);
        Assert.That(mesh.MeshYaml, Is.EqualTo("enableTracing: false\n"));

        server.Patch(KubeResourceTypes.ConfigMaps, "istio-system", "istio", JsonNode.Parse("""{"data":{"mesh":"enableTracing: true\n"}}""")!.AsObject());
        await KubeTestWait.UntilAsync(() => mesh.MeshYaml == "enableTracing: true\n", "the edited mesh config");
        server.Delete(KubeResourceTypes.ConfigMaps, "istio-system", "istio");
        await KubeTestWait.UntilAsync(() => mesh.MeshYaml is null, "the deleted mesh config");
        lock (seen)
        {
            Assert.That(seen, Is.EqualTo(new[] { "enableTracing: false\n", "enableTracing: true\n", null }));
        }
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(4)]
    public async Task After_any_sequence_of_faults_the_store_equals_the_servers_final_state(int seed)
    {
        var random = new Random(seed);
        await using var server = await FakeKubeApiServer.StartAsync(new FakeKubeApiServerOptions { BookmarkInterval = TimeSpan.FromMilliseconds(700) });
        using var client = new KubeClient(server.ClientConfig(), FastClient);
        var store = new ConfigStore();
        await using var source = new KubeConfigSource(client, new ConfigParser(), store, Options(seed) with { Informer = FastInformer(seed) with { Random = new Random(seed) } });
        await source.StartAsync(CancellationToken.None);
        await source.FirstLoad.WaitAsync(Wait);
        var faults = new FakeKubeFaults(server, random);

        for (var step = 0; step < 120; step++)
        {
            var type = random.Next(2) == 0 ? VirtualServicesV1 : DestinationRulesV1;
            var ns = $"ns{random.Next(3)}";
            var name = $"o{random.Next(12)}";
            var exists = server.Get(type, ns, name) is not null;
            var roll = random.Next(10);
            if (!exists)
            {
                server.Create(type, type == VirtualServicesV1 ? VirtualService(ns, name, $"h{step}") : DestinationRule(ns, name, $"h{step}", step + 1));
            }
            else if (roll < 6)
            {
                server.Patch(type, ns, name, type == VirtualServicesV1
                    ? new JsonObject { ["spec"] = new JsonObject { ["hosts"] = new JsonArray($"h{step}") } }
                    : new JsonObject { ["spec"] = new JsonObject { ["trafficPolicy"] = new JsonObject { ["connectionPool"] = new JsonObject { ["tcp"] = new JsonObject { ["maxConnections"] = step + 1 } } } } });
            }
            else
            {
                server.Delete(type, ns, name);
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
        var expected = Expected(server);
        await KubeTestWait.UntilAsync(() => Actual(store).SetEquals(expected), $"the store to equal the server (seed {seed}; faults: {faults})");
        Assert.That(store.Current.Count, Is.EqualTo(expected.Count), "nothing duplicated");
        Assert.That(store.Rejections, Is.Empty);
    }

    private static HashSet<string> Expected(FakeKubeApiServer server) =>
        server.Objects(VirtualServicesV1).Values.Concat(server.Objects(DestinationRulesV1).Values)
            .Select(o => $"{o["kind"]}/{KubeObjects.Namespace(o)}/{KubeObjects.Name(o)}@{KubeObjects.ResourceVersion(o)}")
            .ToHashSet(StringComparer.Ordinal);

    private static HashSet<string> Actual(ConfigStore store) =>
        store.Current.All.Select(c => $"{c.Key.Kind}/{c.Key.Namespace}/{c.Key.Name}@{c.Meta.ResourceVersion}").ToHashSet(StringComparer.Ordinal);

    private sealed class TempDirectory : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("kube-config-source-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
