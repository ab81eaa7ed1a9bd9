using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>An extra condition of a ServiceRole rule: an attribute key and the values it may have.</summary>
public sealed record ServiceRoleConstraint
{
    [JsonPropertyName("key")]
    public string? Key { get; init; }

    [JsonPropertyName("values")]
    public IReadOnlyList<string>? Values { get; init; }
}
