namespace Istiod.Net.Config.Validation.Conformance;

/// <summary>Prints conformance results: failures, then one line per file group with its pass rates.</summary>
public static class ConformanceReport
{
    public static void Write(IReadOnlyList<ConformanceCaseResult> results, TextWriter output, bool verbose)
    {
        foreach (var result in results.Where(r => verbose || !r.Passed || r.FieldMatched == false))
        {
            var status = !result.Passed ? "FAIL" : result.FieldMatched == false ? "FIELD" : "ok";
            var expected = result.Case.ExpectValid ? "valid" : $"invalid ({result.Case.ExpectedError ?? "no message"})";
            output.WriteLine($"{status} {Path.GetFileName(result.Case.File)}[{result.Case.DocumentIndex}] {result.Kind}: expected {expected}; got {result.Detail}");
        }

        output.WriteLine();
        output.WriteLine($"{"group",-16} {"valid ok",10} {"invalid ok",12} {"same field",12} {"total",10}");
        foreach (var group in results.GroupBy(r => r.Group).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            WriteRow(output, group.Key, group.ToArray());
        }

        WriteRow(output, "ALL", results);
    }

    private static void WriteRow(TextWriter output, string name, IReadOnlyList<ConformanceCaseResult> rows)
    {
        var valid = rows.Where(r => r.Case.ExpectValid).ToArray();
        var invalid = rows.Where(r => !r.Case.ExpectValid).ToArray();
        var withPath = invalid.Where(r => r.Case.ExpectedPath is not null).ToArray();
        var passed = rows.Count(r => r.Passed);
        output.WriteLine(
            $"{name,-16} {Rate(valid.Count(r => r.Passed), valid.Length),10} {Rate(invalid.Count(r => r.Passed), invalid.Length),12} "
            + $"{Rate(withPath.Count(r => r.FieldMatched == true), withPath.Length),12} {Rate(passed, rows.Count),10} {Percent(passed, rows.Count)}");
    }

    private static string Rate(int passed, int total) => $"{passed}/{total}";

    private static string Percent(int passed, int total) => total == 0 ? "-" : $"{100.0 * passed / total:0.#}%";
}
