namespace Istiod.Net.Security.Authorization.Simulation;

/// <summary>What a simulated chain has recorded so far; <see cref="Finish"/> turns it into the decision.</summary>
internal sealed class SimulationRecord
{
    public List<string> ExtAuthz { get; } = [];

    public List<string> Audited { get; } = [];

    public Dictionary<string, string> Shadow { get; } = new(StringComparer.Ordinal);

    public AuthzDecision Finish(bool allowed, int status, string? by) => new()
    {
        Allowed = allowed,
        Status = status,
        DecidedBy = by,
        ExtAuthzChecks = ExtAuthz.ToArray(),
        Audited = Audited.ToArray(),
        Shadow = new Dictionary<string, string>(Shadow, StringComparer.Ordinal),
    };
}
