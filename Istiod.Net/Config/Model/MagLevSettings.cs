using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>Maglev table sizing.</summary>
public sealed record MagLevSettings
{
    [JsonPropertyName("tableSize")]
    public ulong? TableSize { get; init; }
}
