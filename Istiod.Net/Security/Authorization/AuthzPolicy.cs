using Istiod.Net.Config.Model;

namespace Istiod.Net.Security.Authorization;

/// <summary>An AuthorizationPolicy that applies to the workload being built, with its namespace, name and dry-run flag.</summary>
public sealed record AuthzPolicy(string Namespace, string Name, AuthorizationPolicySpec Spec, bool DryRun)
{
    public AuthorizationAction Action => Spec.Action ?? AuthorizationAction.Allow;
}
