using Istiod.Net.Registry;

namespace Istiod.Net.Push;

/// <summary>
/// What changed from one push context to the next, in the terms generators declare their inputs in.
/// Both the resource cache (what to drop) and the push fan-out (which proxies and types) read it.
/// </summary>
public sealed class ChangeSet
{
    /// <summary>Anything may have changed: drop every cached resource, push everything to everyone.</summary>
    public static readonly ChangeSet Everything = new(isEverything: true, []);

    public static readonly ChangeSet Nothing = new(isEverything: false, []);

    private ChangeSet(bool isEverything, IReadOnlyList<ChangedItem> items)
    {
        IsEverything = isEverything;
        Items = items;
        Kinds = items.Select(i => i.Kind).ToHashSet();
    }

    public static ChangeSet Of(IEnumerable<ChangedItem> items) =>
        new(isEverything: false, items.Distinct().ToArray());

    public bool IsEverything { get; }

    public IReadOnlyList<ChangedItem> Items { get; }

    public IReadOnlySet<DependencyKind> Kinds { get; }

    public bool IsEmpty => !IsEverything && Items.Count == 0;

    /// <summary>Whether the change touches <paramref name="dependency"/> as seen from <paramref name="viewNamespace"/>.</summary>
    public bool Touches(Dependency dependency, string viewNamespace)
    {
        if (IsEverything)
        {
            return true;
        }

        foreach (var item in Items)
        {
            if (item.Kind == dependency.Kind && item.Scope.IsVisibleTo(viewNamespace) && NamesOverlap(item, dependency))
            {
                return true;
            }
        }

        return false;
    }

    public bool TouchesAny(IEnumerable<Dependency> dependencies, string viewNamespace)
    {
        if (IsEverything)
        {
            return true;
        }

        foreach (var dependency in dependencies)
        {
            if (Touches(dependency, viewNamespace))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a proxy in <paramref name="viewNamespace"/> can see any part of the change.</summary>
    public bool IsVisibleTo(string viewNamespace) => IsEverything || Items.Any(i => i.Scope.IsVisibleTo(viewNamespace));

    /// <summary>The namespaces that can see the change; null when everyone can.</summary>
    public IReadOnlySet<string>? VisibleNamespaces()
    {
        if (IsEverything || Items.Any(i => i.Scope.IsPublic))
        {
            return null;
        }

        return Items.SelectMany(i => i.Scope.Namespaces).ToHashSet(StringComparer.Ordinal);
    }

    public ChangeSet Merge(ChangeSet other) =>
        IsEverything || other.IsEverything ? Everything : Of(Items.Concat(other.Items));

    public override string ToString() => IsEverything ? "everything" : string.Join("; ", Items);

    private static bool NamesOverlap(ChangedItem item, Dependency dependency) =>
        item.Kind == DependencyKind.ConfigKind
            ? string.Equals(item.Name, dependency.Name, StringComparison.Ordinal)
            : Hostnames.Overlap(item.Name, dependency.Name);
}
