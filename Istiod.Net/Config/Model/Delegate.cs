using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>Hands route matching to another VirtualService (the delegate).</summary>
public sealed record Delegate
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("namespace")]
    public string? Namespace { get; init; }
}
