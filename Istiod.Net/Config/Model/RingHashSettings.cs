using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>Ring hash table sizing.</summary>
public sealed record RingHashSettings
{
    [JsonPropertyName("minimumRingSize")]
    public ulong? MinimumRingSize { get; init; }
}
