using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>Headers to overwrite, append or remove.</summary>
public sealed record HeaderOperations
{
    [JsonPropertyName("set")]
    public IReadOnlyDictionary<string, string>? Set { get; init; }

    [JsonPropertyName("add")]
    public IReadOnlyDictionary<string, string>? Add { get; init; }

    [JsonPropertyName("remove")]
    public IReadOnlyList<string>? Remove { get; init; }
}
