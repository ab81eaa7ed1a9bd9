namespace Istiod.Net.Security.Authorization.Simulation;

/// <summary>
/// What a filter chain did with a request: allowed or not (and the status Envoy would answer), which
/// filter and policy decided, which external authorizers were asked, and the records AUDIT and dry-run
/// rules left (they never change the outcome).
/// </summary>
public sealed record AuthzDecision
{
    public required bool Allowed { get; init; }

    /// <summary>200 when allowed, 403 for RBAC/ext_authz denials, 401 for a refused JWT.</summary>
    public int Status { get; init; } = 200;

    public string? DecidedBy { get; init; }

    public IReadOnlyList<string> ExtAuthzChecks { get; init; } = [];

    /// <summary>Policies of LOG (AUDIT) filters that matched.</summary>
    public IReadOnlyList<string> Audited { get; init; } = [];

    /// <summary>Shadow (dry-run) results by stat prefix: the engine result and the matched policy, if any.</summary>
    public IReadOnlyDictionary<string, string> Shadow { get; init; } = new Dictionary<string, string>();

    /// <summary>One line that two equivalent configurations must agree on: decision, ext_authz calls, audit and shadow results (policy names left out).</summary>
    public string Outcome =>
        $"{(Allowed ? "allow" : "deny")}:{Status} extauthz[{string.Join(",", ExtAuthzChecks)}] audit[{(Audited.Count > 0 ? "hit" : "-")}] "
        + $"shadow[{string.Join(",", Shadow.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}={s.Value.Split(' ')[0]}"))}]";
}
