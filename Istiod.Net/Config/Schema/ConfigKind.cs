using Istiod.Net.Config.Validation;

namespace Istiod.Net.Config.Schema;

/// <summary>
/// One row of the schema table: how a kind is named in Kubernetes, which versions are accepted,
/// the spec record it deserializes to and the validator that guards it.
/// </summary>
public sealed record ConfigKind(
    string Group,
    string Kind,
    string Plural,
    IReadOnlyList<string> Versions,
    Type SpecType,
    IConfigValidator Validator,
    bool ClusterScoped = false)
{
    public bool AcceptsApiVersion(string apiVersion)
    {
        var slash = apiVersion.IndexOf('/');
        return slash > 0
            && apiVersion.AsSpan(0, slash).SequenceEqual(Group)
            && Versions.Contains(apiVersion[(slash + 1)..]);
    }
}
