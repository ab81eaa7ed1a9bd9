using Istiod.Net.Config.Model;
using Istiod.Net.Config.Parsing;

namespace Istiod.Net.Tests.Config.Model;

public sealed class ConfigObjectContentTests
{
    private readonly ConfigParser _parser = new();

    [Test]
    public void SameContentParsedTwiceIsEqualWithTheSameHash()
    {
        var a = Parse("labels: {app: r, version: v1}", "host: reviews\nsubsets: [{name: v1, labels: {version: v1, tier: x}}]");
        var b = Parse("labels: {version: v1, app: r}", "subsets: [{labels: {tier: x, version: v1}, name: v1}]\nhost: reviews");

        Assert.That(a.ContentHash, Is.EqualTo(b.ContentHash), "map order carries no meaning");
        Assert.That(a, Is.EqualTo(b));
        Assert.That(a.GetHashCode(), Is.EqualTo(b.GetHashCode()));
        Assert.That(a.ContentHash, Has.Length.EqualTo(64));
    }

    [TestCase("labels: {app: r, version: v2}", "host: reviews\nsubsets: [{name: v1, labels: {version: v1, tier: x}}]")]
    [TestCase("labels: {app: r, version: v1}", "host: reviews\nsubsets: [{name: v1, labels: {version: v2, tier: x}}]")]
    [TestCase("labels: {app: r, version: v1}\n  annotations: {a: b}", "host: reviews\nsubsets: [{name: v1, labels: {version: v1, tier: x}}]")]
    [TestCase("labels: {app: r, version: v1}", "host: reviews\nsubsets: [{name: v1, labels: {version: v1, tier: x}}]\nexportTo: [\".\"]")]
    public void AnyContentChangeChangesTheHash(string meta, string spec)
    {
        var original = Parse("labels: {app: r, version: v1}", "host: reviews\nsubsets: [{name: v1, labels: {version: v1, tier: x}}]");

        var changed = Parse(meta, spec);

        Assert.That(changed.ContentHash, Is.Not.EqualTo(original.ContentHash));
        Assert.That(changed, Is.Not.EqualTo(original));
    }

    [Test]
    public void ServerBookkeepingDoesNotChangeTheHash()
    {
        var a = Parse("resourceVersion: \"1\"\n  generation: 1", "host: reviews");
        var b = Parse("resourceVersion: \"2\"\n  generation: 7", "host: reviews");

        Assert.That(a.ContentHash, Is.EqualTo(b.ContentHash));
    }

    [Test]
    public void WithRecomputesTheHash()
    {
        var a = Parse("labels: {app: r}", "host: reviews");
        var before = a.ContentHash;

        var b = a with { Spec = new DestinationRuleSpec { Host = "ratings" } };

        Assert.That(b.ContentHash, Is.Not.EqualTo(before));
        Assert.That(a.ContentHash, Is.EqualTo(before));
    }

    private ConfigObject Parse(string metadata, string spec)
    {
        var indented = string.Join("\n", spec.Split('\n').Select(l => "  " + l));
        var yaml = $"apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: reviews\n  {metadata}\nspec:\n{indented}\n";
        var result = _parser.ParseYaml(yaml, "x.yaml").Single();
        Assert.That(result.Config, Is.Not.Null, () => string.Join("; ", result.Errors));
        return result.Config!;
    }
}
