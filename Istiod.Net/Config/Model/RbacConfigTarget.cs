using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>Services and namespaces a ClusterRbacConfig includes or excludes.</summary>
public sealed record RbacConfigTarget
{
    [JsonPropertyName("services")]
    public IReadOnlyList<string>? Services { get; init; }

    [JsonPropertyName("namespaces")]
    public IReadOnlyList<string>? Namespaces { get; init; }
}
