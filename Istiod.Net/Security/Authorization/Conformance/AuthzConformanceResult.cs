namespace Istiod.Net.Security.Authorization.Conformance;

/// <summary>How one case fared: requests compared, how many got the same outcome, and a few that did not.</summary>
public sealed record AuthzConformanceResult(AuthzConformanceCase Case, int Requests, int Agreed, IReadOnlyList<string> Disagreements, string? Error)
{
    public bool Passed => Error is null && Requests > 0 && Agreed == Requests;
}
