namespace Istiod.Net.Config.Model;

/// <summary>
/// One validated config object as the store holds it: kind, metadata and a typed spec.
/// Immutable; a change to the object is a new instance.
/// </summary>
public sealed record ConfigObject(string Kind, ConfigMeta Meta, object Spec)
{
    public ConfigKey Key => new(Kind, Meta.Namespace, Meta.Name);

    /// <summary>The spec as the record type its schema declares.</summary>
    public T SpecAs<T>() where T : class =>
        Spec as T ?? throw new InvalidOperationException($"{Key} holds {Spec.GetType().Name}, not {typeof(T).Name}");
}
