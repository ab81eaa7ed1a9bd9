using Istiod.Net.Config.Model;
using Istiod.Net.Registry;

namespace Istiod.Net.Push;

/// <summary>
/// Why a push is wanted: config keys that changed, registry source changes, and reasons with counts.
/// Requests queued while debouncing merge into one.
/// </summary>
public sealed record PushRequest
{
    public IReadOnlySet<ConfigKey> ConfigKeys { get; init; } = new HashSet<ConfigKey>();
    public IReadOnlyList<RegistrySourceChange> RegistryChanges { get; init; } = [];

    /// <summary>Reason (e.g. "config", "endpoint", "full") to the number of triggers merged in.</summary>
    public IReadOnlyDictionary<string, int> Reasons { get; init; } = new Dictionary<string, int>();

    /// <summary>
    /// When the first of the merged triggers arrived (the debounce start): pilot_proxy_convergence_time counts
    /// from here. Stamped by the debouncer; null until then.
    /// </summary>
    public DateTimeOffset? TriggeredAt { get; init; }

    /// <summary>Forget what is known about the change and regenerate everything.</summary>
    public bool Full { get; init; }

    public static PushRequest ForConfig(IReadOnlySet<ConfigKey> keys, string reason = "config") =>
        new() { ConfigKeys = keys, Reasons = new Dictionary<string, int> { [reason] = 1 } };

    public static PushRequest ForRegistry(RegistrySourceChange change) =>
        new() { RegistryChanges = [change], Reasons = new Dictionary<string, int> { [change.EndpointsOnly ? "endpoint" : "service"] = 1 } };

    public static PushRequest ForFull(string reason) =>
        new() { Full = true, Reasons = new Dictionary<string, int> { [reason] = 1 } };

    public PushRequest Merge(PushRequest other)
    {
        var reasons = new Dictionary<string, int>(Reasons, StringComparer.Ordinal);
        foreach (var (reason, count) in other.Reasons)
        {
            reasons[reason] = reasons.GetValueOrDefault(reason) + count;
        }

        var keys = new HashSet<ConfigKey>(ConfigKeys);
        keys.UnionWith(other.ConfigKeys);
        return new PushRequest
        {
            ConfigKeys = keys,
            RegistryChanges = [.. RegistryChanges, .. other.RegistryChanges],
            Reasons = reasons,
            Full = Full || other.Full,
            TriggeredAt = Earliest(TriggeredAt, other.TriggeredAt),
        };
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;

    /// <summary>"config" or "config,endpoint": the reasons, sorted, for logs and the push reason.</summary>
    public string ReasonText => string.Join(",", Reasons.Keys.Order(StringComparer.Ordinal));

    public override string ToString() =>
        $"{ReasonText} ({ConfigKeys.Count} configs, {RegistryChanges.Count} registry changes{(Full ? ", full" : "")})";
}
