using Istiod.Net.Config.Parsing;

namespace Istiod.Net.Config.Validation.Files;

/// <summary>
/// Formats parse results the way <c>istiod-net validate</c> prints them: one line per problem with the
/// file, document index, kind/name, field path and message.
/// </summary>
public static class ValidationReport
{
    /// <summary>Lines for every error and warning of <paramref name="results"/>, errors first within a document.</summary>
    public static IEnumerable<string> Lines(IEnumerable<ParseResult> results)
    {
        foreach (var result in results)
        {
            foreach (var error in result.Errors)
            {
                yield return Line("error", result, error);
            }

            foreach (var warning in result.Warnings)
            {
                yield return Line("warning", result, warning);
            }
        }
    }

    public static string Line(string severity, ParseResult result, ValidationMessage message)
    {
        var what = result.Kind is null ? "(unknown kind)" : result.Name is null ? result.Kind : $"{result.Kind}/{result.Name}";
        if (result.Namespace is not null && result.Name is not null && result.Kind is not null)
        {
            what = $"{result.Kind}/{result.Namespace}/{result.Name}";
        }

        var path = string.IsNullOrEmpty(message.Path) ? string.Empty : message.Path + ": ";
        return $"{severity}: {result.Location} {what}: {path}{message.Message}";
    }

    /// <summary>True when any document is invalid or any source unreadable.</summary>
    public static bool HasErrors(IEnumerable<ParseResult> results) =>
        results.Any(r => r.Outcome is ParseOutcome.Invalid or ParseOutcome.Unreadable || r.Errors.Count > 0);
}
