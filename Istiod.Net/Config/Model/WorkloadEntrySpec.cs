using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>The spec of networking.istio.io WorkloadEntry (also a ServiceEntry endpoint): one non-Kubernetes workload.</summary>
public sealed record WorkloadEntrySpec
{
    [JsonPropertyName("address")]
    public string? Address { get; init; }

    [JsonPropertyName("ports")]
    public IReadOnlyDictionary<string, uint>? Ports { get; init; }

    [JsonPropertyName("labels")]
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    [JsonPropertyName("network")]
    public string? Network { get; init; }

    [JsonPropertyName("locality")]
    public string? Locality { get; init; }

    [JsonPropertyName("weight")]
    public uint? Weight { get; init; }

    [JsonPropertyName("serviceAccount")]
    public string? ServiceAccount { get; init; }
}
