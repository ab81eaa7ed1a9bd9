namespace Istiod.Net.Config.Validation.Networking;

/// <summary>exportTo entries: "." (this namespace), "*" (all) or a namespace name; "~" (none) only alone.</summary>
public static class ExportTo
{
    public static bool IsValid(string? entry) => entry is "." or "*" or "~" || ConfigRules.IsDnsLabel(entry);

    public static string Problem(string? entry) => $"exportTo entry \"{entry}\" must be \".\", \"*\", \"~\" or a namespace name";
}
