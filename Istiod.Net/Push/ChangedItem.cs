using Istiod.Net.Registry;

namespace Istiod.Net.Push;

/// <summary>
/// One thing that changed between two push contexts: a kind, a host (may be a wildcard) or config kind,
/// and who could see it (before or after the change).
/// </summary>
public sealed record ChangedItem(DependencyKind Kind, string Name, Visibility Scope)
{
    public override string ToString() => $"{Kind}:{Name} visible to {Scope}";
}
