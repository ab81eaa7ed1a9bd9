using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>Tracing settings for some providers.</summary>
public sealed record TelemetryTracing
{
    [JsonPropertyName("match")]
    public TelemetrySelectorMatch? Match { get; init; }

    [JsonPropertyName("providers")]
    public IReadOnlyList<ExtensionProviderRef>? Providers { get; init; }

    [JsonPropertyName("randomSamplingPercentage")]
    public double? RandomSamplingPercentage { get; init; }

    [JsonPropertyName("disableSpanReporting")]
    public bool? DisableSpanReporting { get; init; }

    [JsonPropertyName("useRequestIdForTraceSampling")]
    public bool? UseRequestIdForTraceSampling { get; init; }

    [JsonPropertyName("enableIstioTags")]
    public bool? EnableIstioTags { get; init; }

    [JsonPropertyName("customTags")]
    public IReadOnlyDictionary<string, TracingCustomTag>? CustomTags { get; init; }
}
