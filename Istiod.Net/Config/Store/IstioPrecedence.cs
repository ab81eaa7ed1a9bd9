using Istiod.Net.Config.Model;

namespace Istiod.Net.Config.Store;

/// <summary>
/// Which of two colliding objects wins, the way Istio sorts configs for conflicts: the older creation time
/// (none counts as oldest), then the name, then the namespace. Names come before namespaces so that the
/// same collision resolves as it does in Istio (gateway "a" in zeta beats "b" in alpha).
/// </summary>
public sealed class IstioPrecedence : IComparer<ConfigObject>
{
    public static IstioPrecedence Instance { get; } = new();

    public int Compare(ConfigObject? x, ConfigObject? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        var byTime = (x.Meta.CreationTimestamp ?? DateTimeOffset.MinValue).CompareTo(y.Meta.CreationTimestamp ?? DateTimeOffset.MinValue);
        if (byTime != 0)
        {
            return byTime;
        }

        var byName = string.CompareOrdinal(x.Meta.Name, y.Meta.Name);
        return byName != 0 ? byName : string.CompareOrdinal(x.Meta.Namespace, y.Meta.Namespace);
    }
}
