using FluentValidation;

namespace Istiod.Net.Config.Validation.Networking;

/// <summary>
/// exportTo entries: "." (this namespace), "*" (everyone) or namespace names; "~" (no one) only on a
/// ServiceEntry. "*" and "~" must stand alone, and no entry may repeat.
/// </summary>
public static class ExportTo
{
    public static void Check<T>(IReadOnlyList<string>? exportTo, bool allowNone, ValidationContext<T> context)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (exportTo?.Count ?? 0); i++)
        {
            var entry = exportTo![i];
            if (!(entry is "." or "*" || (allowNone && entry == "~") || ConfigRules.IsDnsLabel(entry)))
            {
                var choices = allowNone ? "\".\", \"*\", \"~\" or a namespace name" : "\".\", \"*\" or a namespace name";
                context.AddError($"[{i}]", $"exportTo entry \"{entry}\" must be {choices}");
            }
            else if (!seen.Add(entry))
            {
                context.AddError($"[{i}]", $"duplicate exportTo entry \"{entry}\"");
            }
        }

        if (exportTo is { Count: > 1 } && (seen.Contains("*") || seen.Contains("~")))
        {
            context.AddError(string.Empty, "\"*\" and \"~\" cannot be combined with other exportTo entries");
        }
    }
}
