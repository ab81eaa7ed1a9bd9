using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>Metrics settings for some providers.</summary>
public sealed record TelemetryMetrics
{
    [JsonPropertyName("providers")]
    public IReadOnlyList<ExtensionProviderRef>? Providers { get; init; }

    [JsonPropertyName("overrides")]
    public IReadOnlyList<MetricsOverrides>? Overrides { get; init; }

    [JsonPropertyName("reportingInterval")]
    public string? ReportingInterval { get; init; }
}
