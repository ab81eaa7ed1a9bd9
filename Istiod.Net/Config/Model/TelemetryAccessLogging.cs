using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>Access logging settings for some providers.</summary>
public sealed record TelemetryAccessLogging
{
    [JsonPropertyName("match")]
    public TelemetrySelectorMatch? Match { get; init; }

    [JsonPropertyName("providers")]
    public IReadOnlyList<ExtensionProviderRef>? Providers { get; init; }

    [JsonPropertyName("disabled")]
    public bool? Disabled { get; init; }

    [JsonPropertyName("filter")]
    public TelemetryFilter? Filter { get; init; }
}
