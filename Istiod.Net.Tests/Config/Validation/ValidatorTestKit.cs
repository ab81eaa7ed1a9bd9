using Istiod.Net.Config.Parsing;
using Istiod.Net.Config.Validation;

namespace Istiod.Net.Tests.Config.Validation;

/// <summary>Parses one document of a kind from its spec YAML, so validator tests read like the config they check.</summary>
internal static class ValidatorTestKit
{
    private static readonly ConfigParser Parser = new();

    public static ParseResult Parse(string kind, string specYaml)
    {
        var indented = string.Join("\n", specYaml.Split('\n').Select(l => "  " + l));
        var yaml = $"apiVersion: networking.istio.io/v1\nkind: {kind}\nmetadata:\n  name: test\n  namespace: ns\nspec:\n{indented}\n";
        var result = Parser.ParseYaml(yaml, "test.yaml").Single();
        Assert.That(result.Outcome, Is.Not.EqualTo(ParseOutcome.Unreadable), () => string.Join("; ", result.Errors));
        return result;
    }

    public static IReadOnlyList<string> Errors(string kind, string specYaml) => Parse(kind, specYaml).Errors.Select(e => e.ToString()).ToArray();

    public static IReadOnlyList<string> ErrorPaths(string kind, string specYaml) => Parse(kind, specYaml).Errors.Select(e => e.Path).ToArray();

    public static IReadOnlyList<ValidationMessage> Warnings(string kind, string specYaml) => Parse(kind, specYaml).Warnings;

    public static void AssertValid(string kind, string specYaml)
    {
        var result = Parse(kind, specYaml);
        Assert.That(result.Errors, Is.Empty, () => string.Join("\n", result.Errors));
        Assert.That(result.Outcome, Is.EqualTo(ParseOutcome.Accepted));
    }
}
