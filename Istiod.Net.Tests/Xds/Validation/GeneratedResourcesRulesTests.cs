using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Tests.Xds.Protocol;
using Istiod.Net.Xds.Generation;
using Istiod.Net.Xds.Protocol;

namespace Istiod.Net.Tests.Xds.Validation;

/// <summary>
/// Every generator set of the default table, for every config folder of the repository, with every kind of
/// node that mesh would see: nothing generated breaks Envoy's validate.rules, and no generator throws.
/// Folders, sets and nodes are found at run time, so new samples and new generators are covered as they land.
/// </summary>
public sealed class GeneratedResourcesRulesTests
{
    private const string GeneratorFailures = "istiod_xds_invalid_resources";

    public static IEnumerable<TestCaseData> Folders() =>
        ConfigFolders.All().Select(folder => new TestCaseData(folder).SetName($"Generated resources pass validate.rules: {folder}"));

    [Test]
    public void The_samples_are_found()
    {
        Assert.That(ConfigFolders.All(), Does.Contain(Path.Combine("samples", "grpc-echo")));
    }

    [TestCaseSource(nameof(Folders))]
    public void Every_resource_passes(string folder)
    {
        var configs = ConfigFolders.Load(folder);
        var table = GeneratorTable.Default();
        var rules = new RecordingRulesChecker();
        using var harness = new GenerationHarness(configs, table, rules);
        using var metrics = new MetricsRecorder(harness.Metrics);

        var setsUsed = new HashSet<GeneratorSet>();
        var generated = 0;
        foreach (var (description, node) in SampleProxies.For(configs))
        {
            var proxy = (Proxy)harness.Provider.Connect(node, GenerationHarness.Connection());
            setsUsed.Add(proxy.Generators);
            generated += GenerateEverything(harness, proxy);
            Assert.That(metrics.Sum(GeneratorFailures), Is.Zero, $"a generator threw for the {description} ({proxy.Generators.Name})");
        }

        Assert.That(table.Sets.Where(s => !setsUsed.Contains(s)).Select(s => s.Name), Is.Empty,
            "a generator set no sample node reached: teach SampleProxies the node that selects it");
        Assert.That(generated, Is.GreaterThan(0), $"{folder} generated nothing: the test would prove nothing");
        Assert.That(rules.Found, Is.Empty);
        Assert.That(rules.Checked, Is.GreaterThan(0), "the checker saw the resources (once per cache entry, proxies of one view share them)");
    }

    /// <summary>Wildcard fetches of every type the set serves, then named fetches of what they reference; returns how many resources came back.</summary>
    private static int GenerateEverything(GenerationHarness harness, Proxy proxy)
    {
        var all = new List<XdsResource>();
        foreach (var generator in proxy.Generators.Generators)
        {
            all.AddRange(harness.Generate(proxy, generator.TypeUrl).Resources);
        }

        foreach (var (typeUrl, names) in ResourceReferences.Collect(all))
        {
            if (names.Count > 0 && proxy.Generators.For(typeUrl) is not null)
            {
                all.AddRange(harness.Generate(proxy, typeUrl, [.. names]).Resources);
            }
        }

        return all.Count;
    }
}
