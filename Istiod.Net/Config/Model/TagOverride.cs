using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>Sets or removes one metric tag.</summary>
public sealed record TagOverride
{
    [JsonPropertyName("operation")]
    public TagOperation? Operation { get; init; }

    [JsonPropertyName("value")]
    public string? Value { get; init; }
}
