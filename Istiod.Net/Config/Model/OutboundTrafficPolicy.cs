using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>What happens to traffic for hosts not in the registry.</summary>
public sealed record OutboundTrafficPolicy
{
    [JsonPropertyName("mode")]
    public OutboundTrafficMode? Mode { get; init; }

    [JsonPropertyName("egressProxy")]
    public Destination? EgressProxy { get; init; }
}
