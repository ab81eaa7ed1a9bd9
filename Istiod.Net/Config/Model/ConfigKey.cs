namespace Istiod.Net.Config.Model;

/// <summary>Identifies one config object: its kind, namespace and name.</summary>
public readonly record struct ConfigKey(string Kind, string Namespace, string Name)
{
    public override string ToString() => $"{Kind}/{Namespace}/{Name}";
}
