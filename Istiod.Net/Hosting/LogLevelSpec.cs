using Serilog.Events;

namespace Istiod.Net.Hosting;

/// <summary>
/// A parsed <c>--log-level</c>: either one level for everything (<c>info</c>, as before) or Istio-style
/// scopes, <c>default:info,ads:debug,ca:warn</c>, each scope naming the namespaces of one area
/// (see <see cref="LogScopes"/>). Later entries for the same scope win, as in istiod.
/// </summary>
public sealed record LogLevelSpec(LogEventLevel Default, IReadOnlyList<(string Prefix, LogEventLevel Level)> Overrides)
{
    public const string Help =
        "A level for everything (debug, info, warn, error) or Istio-style scopes, e.g. default:info,ads:debug,ca:warn; scopes: " + LogScopes.Names;

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> says which part is wrong and what is allowed.</summary>
    public static bool TryParse(string? text, out LogLevelSpec spec, out string error)
    {
        spec = new LogLevelSpec(LogEventLevel.Information, []);
        error = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "empty; give a level (debug, info, warn, error) or scope:level pairs";
            return false;
        }

        var level = LogEventLevel.Information;
        // Scope name to its level; ordered by first appearance so overrides apply predictably.
        var scopes = new List<(string Scope, LogEventLevel Level)>();
        foreach (var raw in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (raw.Length == 0)
            {
                error = $"'{text}' has an empty entry";
                return false;
            }

            var colon = raw.IndexOf(':');
            var scope = colon < 0 ? "default" : raw[..colon].Trim().ToLowerInvariant();
            var levelText = colon < 0 ? raw : raw[(colon + 1)..].Trim();
            if (!TryLevel(levelText, out var parsed))
            {
                error = $"'{raw}': unknown level '{levelText}' (debug, info, warn or error)";
                return false;
            }

            if (scope == "default")
            {
                level = parsed;
                continue;
            }

            if (!LogScopes.All.ContainsKey(scope))
            {
                error = $"'{raw}': unknown scope '{scope}' (default, {LogScopes.Names})";
                return false;
            }

            scopes.RemoveAll(s => s.Scope == scope);
            scopes.Add((scope, parsed));
        }

        spec = new LogLevelSpec(level, [.. scopes.SelectMany(s => LogScopes.All[s.Scope].Select(prefix => (prefix, s.Level)))]);
        return true;
    }

    private static bool TryLevel(string text, out LogEventLevel level)
    {
        switch (text.ToLowerInvariant())
        {
            case "debug":
                level = LogEventLevel.Debug;
                return true;
            case "info":
                level = LogEventLevel.Information;
                return true;
            case "warn" or "warning":
                level = LogEventLevel.Warning;
                return true;
            case "error":
                level = LogEventLevel.Error;
                return true;
            default:
                level = LogEventLevel.Information;
                return false;
        }
    }
}
