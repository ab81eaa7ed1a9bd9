using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>The spec of networking.istio.io Gateway: ports and hosts a gateway workload exposes.</summary>
public sealed record GatewaySpec
{
    [JsonPropertyName("servers")]
    public IReadOnlyList<Server>? Servers { get; init; }

    [JsonPropertyName("selector")]
    public IReadOnlyDictionary<string, string>? Selector { get; init; }
}
