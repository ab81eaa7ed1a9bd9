using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>One rule of an AuthorizationPolicy: sources, operations and conditions, all of which must match.</summary>
public sealed record AuthorizationRule
{
    [JsonPropertyName("from")]
    public IReadOnlyList<AuthorizationFrom>? From { get; init; }

    [JsonPropertyName("to")]
    public IReadOnlyList<AuthorizationTo>? To { get; init; }

    [JsonPropertyName("when")]
    public IReadOnlyList<AuthorizationCondition>? When { get; init; }
}
