using Istiod.Net.Config.Parsing;
using Istiod.Net.Config.Store;

namespace Istiod.Net.Tests.Infrastructure;

/// <summary>Config snapshots from YAML written in a test, through the real parser and validators (a rejected document fails the test).</summary>
public static class PolicySnapshots
{
    private static readonly ConfigParser Parser = new();

    public static ConfigSnapshot FromYaml(string yaml)
    {
        var parsed = Parser.ParseYaml(yaml, "test.yaml");
        var rejected = parsed.Where(p => p.Config is null).ToArray();
        Assert.That(rejected.SelectMany(r => r.Errors).Select(e => e.ToString()), Is.Empty, "test config must be valid");
        return new ConfigSnapshot(1, parsed.Select(p => p.Config!));
    }
}
