namespace Istiod.Net.Config.Model;

/// <summary>
/// One validated config object as the store holds it: kind, metadata and a typed spec.
/// Immutable; a change to the object is a new instance.
/// </summary>
/// <remarks>
/// Equality is by content: same key and same <see cref="ContentHash"/>. The spec records hold lists,
/// which records compare by reference, so the generated equality could not tell two identical parses apart.
/// </remarks>
public sealed record ConfigObject(string Kind, ConfigMeta Meta, object Spec)
{
    private string? _contentHash;

    // `with` must not carry the cached hash over to a copy whose spec or metadata differ.
    private ConfigObject(ConfigObject original)
    {
        Kind = original.Kind;
        Meta = original.Meta;
        Spec = original.Spec;
    }

    public ConfigKey Key => new(Kind, Meta.Namespace, Meta.Name);

    /// <summary>A hex SHA-256 of the object's content (see <see cref="ConfigContentHash"/>); equal content, equal hash.</summary>
    public string ContentHash => _contentHash ??= ConfigContentHash.Compute(this);

    /// <summary>The spec as the record type its schema declares.</summary>
    public T SpecAs<T>() where T : class =>
        Spec as T ?? throw new InvalidOperationException($"{Key} holds {Spec.GetType().Name}, not {typeof(T).Name}");

    public bool Equals(ConfigObject? other) =>
        other is not null && (ReferenceEquals(this, other) || (Key == other.Key && ContentHash == other.ContentHash));

    public override int GetHashCode() => HashCode.Combine(Key, ContentHash);
}
