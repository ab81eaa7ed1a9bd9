using Istiod.Net.Config.Parsing;

namespace Istiod.Net.Tests.Config.Validation;

/// <summary>Parses one document of any group/kind from spec YAML, for the security, telemetry and WorkloadGroup validator tests.</summary>
internal static class PolicyTestKit
{
    private static readonly ConfigParser Parser = new();

    public static ParseResult Parse(string apiVersion, string kind, string specYaml)
    {
        var indented = string.Join("\n", specYaml.Split('\n').Select(l => "  " + l));
        var yaml = $"apiVersion: {apiVersion}\nkind: {kind}\nmetadata:\n  name: test\n  namespace: ns\nspec:\n{indented}\n";
        var result = Parser.ParseYaml(yaml, "test.yaml").Single();
        Assert.That(result.Outcome, Is.Not.EqualTo(ParseOutcome.Unreadable).And.Not.EqualTo(ParseOutcome.Skipped), () => string.Join("; ", result.Errors.Concat(result.Warnings)));
        return result;
    }

    public static void AssertValid(string apiVersion, string kind, string specYaml)
    {
        var result = Parse(apiVersion, kind, specYaml);
        Assert.That(result.Errors, Is.Empty, () => string.Join("\n", result.Errors));
        Assert.That(result.Outcome, Is.EqualTo(ParseOutcome.Accepted));
    }

    /// <summary>Asserts the document is rejected with an error at <paramref name="path"/> whose message contains <paramref name="fragment"/>.</summary>
    public static void AssertError(string apiVersion, string kind, string specYaml, string path, string fragment)
    {
        var result = Parse(apiVersion, kind, specYaml);
        Assert.That(result.Outcome, Is.EqualTo(ParseOutcome.Invalid));
        Assert.That(result.Errors.Any(e => e.Path == path && e.Message.Contains(fragment, StringComparison.Ordinal)), Is.True,
            () => $"expected {path}: ...{fragment}...; got:\n" + string.Join("\n", result.Errors));
    }
}
