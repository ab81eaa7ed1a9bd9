using Envoy.Config.Rbac.V3;

namespace Istiod.Net.Security.Authorization;

/// <summary>The enforced and the dry-run (shadow) RBAC rules of one action; either may be null.</summary>
public sealed record RbacRuleSet(RBAC? Rules, RBAC? ShadowRules);
