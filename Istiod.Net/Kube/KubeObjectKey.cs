using System.Text.Json.Nodes;

namespace Istiod.Net.Kube;

/// <summary>Identity of an object within one resource type: namespace (null when cluster-scoped) and name.</summary>
public readonly record struct KubeObjectKey(string? Namespace, string Name)
{
    /// <summary>Reads metadata.namespace and metadata.name; fails when the object has no name.</summary>
    public static KubeObjectKey Of(JsonObject obj)
    {
        var name = KubeObjects.Name(obj);
        if (string.IsNullOrEmpty(name))
        {
            throw new FormatException("object has no metadata.name");
        }

        var ns = KubeObjects.Namespace(obj);
        return new KubeObjectKey(string.IsNullOrEmpty(ns) ? null : ns, name);
    }

    public override string ToString() => Namespace is null ? Name : $"{Namespace}/{Name}";
}
