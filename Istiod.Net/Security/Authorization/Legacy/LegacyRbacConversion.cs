using Istiod.Net.Config.Model;

namespace Istiod.Net.Security.Authorization.Legacy;

/// <summary>AuthorizationPolicies equivalent to a set of ServiceRoles, ServiceRoleBindings and ClusterRbacConfigs, with what could not be carried over.</summary>
public sealed record LegacyRbacConversion(IReadOnlyList<ConfigObject> Policies, IReadOnlyList<string> Warnings);
