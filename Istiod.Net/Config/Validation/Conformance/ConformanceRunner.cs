using Istiod.Net.Config.Parsing;

namespace Istiod.Net.Config.Validation.Conformance;

/// <summary>
/// Runs Istio's validation cases (a folder of <c>&lt;kind&gt;-valid.yaml</c> and <c>-invalid.yaml</c>)
/// through the parser and validators: a valid case passes when accepted, an invalid one when rejected,
/// and its field matches when one of the errors sits on (or under, or above) the path Istio names.
/// </summary>
public static class ConformanceRunner
{
    public static IReadOnlyList<ConformanceCaseResult> Run(string folder, ConfigParser? parser = null)
    {
        parser ??= new ConfigParser();
        var results = new List<ConformanceCaseResult>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.yaml").Order(StringComparer.Ordinal))
        {
            var group = Path.GetFileNameWithoutExtension(file);
            var dash = group.LastIndexOf('-');
            group = dash > 0 ? group[..dash] : group;
            foreach (var test in ConformanceCaseReader.Read(file, File.ReadAllText(file)))
            {
                results.Add(RunOne(parser, group, test));
            }
        }

        return results;
    }

    public static ConformanceCaseResult RunOne(ConfigParser parser, string group, ConformanceCase test)
    {
        var parsed = parser.ParseYaml(test.Yaml, test.File);
        var kind = parsed.Select(p => p.Kind).FirstOrDefault(k => k is not null);
        var errors = parsed.SelectMany(p => p.Errors).ToArray();
        var skipped = parsed.Count == 0 || parsed.Any(p => p.Outcome == ParseOutcome.Skipped);
        var rejected = errors.Length > 0 || parsed.Any(p => p.Outcome is ParseOutcome.Invalid or ParseOutcome.Unreadable);
        var detail = skipped
            ? "kind not in the schema table"
            : errors.Length > 0 ? string.Join("; ", errors.Select(e => e.ToString())) : "accepted";
        if (test.ExpectValid)
        {
            return new ConformanceCaseResult(test, group, kind, !skipped && !rejected, null, detail);
        }

        bool? matched = test.ExpectedPath is { } expected && rejected
            ? errors.Any(e => SamePlace(e.Path, expected))
            : null;
        return new ConformanceCaseResult(test, group, kind, !skipped && rejected, matched, detail);
    }

    /// <summary>Paths agree when equal or when one is the other's ancestor (Istio and we sometimes report one level apart).</summary>
    public static bool SamePlace(string ours, string theirs) =>
        ours == theirs || IsUnder(ours, theirs) || IsUnder(theirs, ours);

    private static bool IsUnder(string path, string ancestor) =>
        path.Length > ancestor.Length && path.StartsWith(ancestor, StringComparison.Ordinal) && path[ancestor.Length] is '.' or '[';
}
