namespace Istiod.Net.Security.Authorization;

/// <summary>The policies that apply to one workload, grouped by action.</summary>
public sealed record AuthzPolicySet(
    IReadOnlyList<AuthzPolicy> Custom,
    IReadOnlyList<AuthzPolicy> Deny,
    IReadOnlyList<AuthzPolicy> Allow,
    IReadOnlyList<AuthzPolicy> Audit)
{
    public bool IsEmpty => Custom.Count == 0 && Deny.Count == 0 && Allow.Count == 0 && Audit.Count == 0;
}
