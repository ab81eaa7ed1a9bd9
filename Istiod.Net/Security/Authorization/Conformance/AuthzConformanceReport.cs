namespace Istiod.Net.Security.Authorization.Conformance;

/// <summary>Prints authz conformance: one line per case with its agreement rate, the disagreements of failing cases, and totals.</summary>
public static class AuthzConformanceReport
{
    public static void Write(IReadOnlyList<AuthzConformanceResult> results, int extended, TextWriter output, bool verbose)
    {
        output.WriteLine($"{"authz case",-44} {"requests",9} {"same",9}  result");
        foreach (var result in results)
        {
            var name = $"{(result.Case.Tcp ? "tcp" : "http")}/{result.Case.Name}";
            var status = result.Error is not null ? $"ERROR {result.Error}" : result.Passed ? "ok" : "FAIL";
            output.WriteLine($"{name,-44} {result.Requests,9} {result.Agreed,9}  {status}");
            if (!result.Passed || verbose)
            {
                foreach (var line in result.Disagreements)
                {
                    output.WriteLine($"    {line}");
                }
            }
        }

        var passed = results.Count(r => r.Passed);
        output.WriteLine();
        output.WriteLine($"authz: {passed}/{results.Count} cases equivalent ({(results.Count == 0 ? 0 : 100.0 * passed / results.Count):0.#}%); "
            + $"{results.Sum(r => r.Agreed)}/{results.Sum(r => r.Requests)} request outcomes agree; "
            + $"{extended} extended-* outputs not applicable (Istio's own Envoy build)");
    }
}
