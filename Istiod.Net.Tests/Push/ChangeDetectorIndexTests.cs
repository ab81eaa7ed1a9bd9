using Istiod.Net.Config.Model;
using Istiod.Net.Config.Store;
using Istiod.Net.Push;
using Istiod.Net.Registry;
using ServicePort = Istiod.Net.Config.Model.ServicePort;
using static Istiod.Net.Tests.Infrastructure.MeshConfigs;

namespace Istiod.Net.Tests.Push;

/// <summary>
/// Differential test of the indexed change detector: on random meshes and random changes it must give exactly
/// the change set the old per-key scan (<see cref="ScanningServiceOrigins"/>) gives.
/// </summary>
public sealed class ChangeDetectorIndexTests
{
    private static readonly string[] Namespaces = ["a", "b", "c"];

    [Test]
    public void TheIndexedDetectorAgreesWithTheScanOnRandomChanges()
    {
        var random = new Random(1313);
        var builder = new PushContextBuilder([new ServiceEntryRegistrySource()], new PushOptions(), TimeProvider.System);
        var compared = 0;
        for (var round = 0; round < 300; round++)
        {
            var before = RandomMesh(random);
            var after = Mutate(random, before);
            var keys = before.Select(c => c.Key).Concat(after.Select(c => c.Key))
                .Where(_ => random.Next(3) == 0)
                .Append(new ConfigKey(ConfigKinds.ServiceEntry, "a", "never-existed"))
                .Append(new ConfigKey(ConfigKinds.WorkloadEntry, "b", "never-existed"))
                .ToHashSet();
            var old = new ConfigSnapshot(1, before);
            var current = new ConfigSnapshot(2, after);
            var registryBefore = builder.BuildRegistry(old);
            var registryAfter = builder.BuildRegistry(current);
            var request = PushRequest.ForConfig(keys);

            var indexed = ChangeDetector.Detect(request, old, registryBefore, current, registryAfter, "cluster.local");
            var scanned = ChangeDetector.Detect(request, old, registryBefore, current, registryAfter, "cluster.local", r => new ScanningServiceOrigins(r));

            // Compared as text: a scope built from exportTo is a fresh object each time, equal only by what it says.
            Assert.That(indexed.Items.Select(i => i.ToString()), Is.EqualTo(scanned.Items.Select(i => i.ToString())), $"round {round}");
            compared += indexed.Items.Count;
        }

        Assert.That(compared, Is.GreaterThan(1000), "the random meshes must produce real changes to compare");
    }

    [Test]
    public void TheIndexListsAServiceOncePerOriginInRegistryOrder()
    {
        var entry = ServiceEntry("a", "se", new ServiceEntrySpec
        {
            Hosts = ["one.example", "two.example"],
            Ports = [new ServicePort { Number = 80, Name = "http" }],
            WorkloadSelector = new WorkloadSelector { Labels = Labels(("app", "x")) },
        });
        var vm = WorkloadEntry("a", "vm", new WorkloadEntrySpec { Address = "10.0.0.1", Labels = Labels(("app", "x")), Ports = new Dictionary<string, uint> { ["http"] = 8080 } });
        var builder = new PushContextBuilder([new ServiceEntryRegistrySource()], new PushOptions(), TimeProvider.System);
        var registry = builder.BuildRegistry(new ConfigSnapshot(1, [entry, vm]));

        var index = new ServiceOriginIndex(registry);

        Assert.That(index.DefinedBy(entry.Key).Select(s => s.Hostname), Is.EqualTo(new[] { "one.example", "two.example" }));
        Assert.That(index.HoldingInstancesOf(vm.Key).Select(s => s.Hostname), Is.EqualTo(new[] { "one.example", "two.example" }));
        Assert.That(index.DefinedBy(vm.Key), Is.Empty);
    }

    private static List<ConfigObject> RandomMesh(Random random)
    {
        var configs = new List<ConfigObject>();
        for (var i = 0; i < random.Next(1, 12); i++)
        {
            configs.Add(RandomServiceEntry(random, $"se-{i}"));
        }

        for (var i = 0; i < random.Next(0, 10); i++)
        {
            configs.Add(RandomWorkloadEntry(random, $"we-{i}"));
        }

        return configs;
    }

    // Some objects change, some go, some come; the rest stay as they were.
    private static List<ConfigObject> Mutate(Random random, List<ConfigObject> before)
    {
        var after = new List<ConfigObject>();
        foreach (var config in before)
        {
            switch (random.Next(4))
            {
                case 0:
                    break;
                case 1:
                    after.Add(config.Kind == ConfigKinds.ServiceEntry
                        ? RandomServiceEntry(random, config.Meta.Name, config.Meta.Namespace)
                        : RandomWorkloadEntry(random, config.Meta.Name, config.Meta.Namespace));
                    break;
                default:
                    after.Add(config);
                    break;
            }
        }

        for (var i = 0; i < random.Next(0, 4); i++)
        {
            after.Add(random.Next(2) == 0 ? RandomServiceEntry(random, $"new-se-{i}") : RandomWorkloadEntry(random, $"new-we-{i}"));
        }

        return after;
    }

    private static ConfigObject RandomServiceEntry(Random random, string name, string? ns = null)
    {
        // Few host names, so entries collide (conflicts, the same host in several namespaces).
        var hosts = Enumerable.Range(0, 6).Where(_ => random.Next(4) == 0).Select(h => $"h{h}.example").ToList();
        if (hosts.Count == 0)
        {
            hosts.Add($"h{random.Next(6)}.example");
        }

        var selects = random.Next(2) == 0;
        return ServiceEntry(ns ?? Pick(random, Namespaces), name, new ServiceEntrySpec
        {
            Hosts = hosts,
            Ports = [new ServicePort { Number = (uint)(80 + random.Next(2)), Name = "http", Protocol = "HTTP" }],
            Resolution = ServiceEntryResolution.Static,
            ExportTo = random.Next(3) == 0 ? ["."] : null,
            WorkloadSelector = selects ? new WorkloadSelector { Labels = Labels(("app", $"app{random.Next(3)}")) } : null,
            Endpoints = selects ? null : Enumerable.Range(0, random.Next(3)).Select(e => Endpoint($"10.1.{random.Next(4)}.{e}")).ToList(),
        });
    }

    private static ConfigObject RandomWorkloadEntry(Random random, string name, string? ns = null) =>
        WorkloadEntry(ns ?? Pick(random, Namespaces), name, new WorkloadEntrySpec
        {
            Address = $"10.2.{random.Next(4)}.{random.Next(4)}",
            Labels = Labels(("app", $"app{random.Next(3)}")),
            ServiceAccount = random.Next(2) == 0 ? null : $"sa{random.Next(2)}",
        });

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];
}
