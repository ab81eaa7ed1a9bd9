using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>The spec of telemetry.istio.io Telemetry: metrics, access logs and tracing for workloads.</summary>
public sealed record TelemetrySpec
{
    [JsonPropertyName("selector")]
    public MatchLabelsSelector? Selector { get; init; }

    [JsonPropertyName("targetRef")]
    public PolicyTargetReference? TargetRef { get; init; }

    [JsonPropertyName("targetRefs")]
    public IReadOnlyList<PolicyTargetReference>? TargetRefs { get; init; }

    [JsonPropertyName("tracing")]
    public IReadOnlyList<TelemetryTracing>? Tracing { get; init; }

    [JsonPropertyName("metrics")]
    public IReadOnlyList<TelemetryMetrics>? Metrics { get; init; }

    [JsonPropertyName("accessLogging")]
    public IReadOnlyList<TelemetryAccessLogging>? AccessLogging { get; init; }
}
