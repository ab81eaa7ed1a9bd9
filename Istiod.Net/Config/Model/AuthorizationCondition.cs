using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>A <c>when</c> condition: an attribute key and the values it must (not) have.</summary>
public sealed record AuthorizationCondition
{
    [JsonPropertyName("key")]
    public string? Key { get; init; }

    [JsonPropertyName("values")]
    public IReadOnlyList<string>? Values { get; init; }

    [JsonPropertyName("notValues")]
    public IReadOnlyList<string>? NotValues { get; init; }
}
