namespace Istiod.Net.Registry;

/// <summary>Identifies a registry service: the same host may exist in several namespaces.</summary>
public readonly record struct ServiceKey(string Hostname, string Namespace)
{
    public override string ToString() => $"{Hostname} ({Namespace})";
}
