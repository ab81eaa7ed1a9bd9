using Istiod.Net.Config.Model;

namespace Istiod.Net.Push.Delegation;

/// <summary>
/// One HTTP rule ready to translate: after delegation a rule may come from a delegate VirtualService, whose
/// namespace then resolves its short destination hosts, while gateway references in matches still resolve in
/// the root's namespace.
/// </summary>
public sealed record ScopedHttpRoute(HttpRoute Rule, string HostNamespace, string VirtualServiceNamespace);
