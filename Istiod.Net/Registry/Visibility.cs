namespace Istiod.Net.Registry;

/// <summary>
/// Which namespaces may see a service or config (Istio's exportTo): everyone, or a set of namespaces.
/// </summary>
public sealed class Visibility
{
    public static readonly Visibility Public = new(isPublic: true, []);

    private readonly HashSet<string> _namespaces;

    private Visibility(bool isPublic, IEnumerable<string> namespaces)
    {
        IsPublic = isPublic;
        _namespaces = new HashSet<string>(namespaces, StringComparer.Ordinal);
    }

    public bool IsPublic { get; }

    /// <summary>The namespaces that may see it when it is not public (empty: nobody, exportTo "~").</summary>
    public IReadOnlySet<string> Namespaces => _namespaces;

    public static Visibility Only(params IEnumerable<string> namespaces) => new(isPublic: false, namespaces);

    /// <summary>
    /// Reads an exportTo list of an object in <paramref name="ownNamespace"/>: "*" everyone, "." its own
    /// namespace, "~" nobody, anything else a namespace name. Absent or empty means everyone, Istio's
    /// default for services and configs.
    /// </summary>
    public static Visibility FromExportTo(IReadOnlyList<string>? exportTo, string ownNamespace)
    {
        if (exportTo is null || exportTo.Count == 0)
        {
            return Public;
        }

        var namespaces = new List<string>();
        foreach (var entry in exportTo)
        {
            switch (entry)
            {
                case "*":
                    return Public;
                case ".":
                    namespaces.Add(ownNamespace);
                    break;
                case "~":
                    break;
                default:
                    namespaces.Add(entry);
                    break;
            }
        }

        return Only(namespaces);
    }

    public bool SameAs(Visibility other) =>
        IsPublic == other.IsPublic && _namespaces.SetEquals(other._namespaces);

    public bool IsVisibleTo(string @namespace) => IsPublic || _namespaces.Contains(@namespace);

    public override string ToString() => IsPublic ? "*" : $"[{string.Join(",", _namespaces.Order(StringComparer.Ordinal))}]";
}
