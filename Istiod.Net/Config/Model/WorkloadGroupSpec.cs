using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>The spec of networking.istio.io WorkloadGroup: a template for WorkloadEntries of VMs that register themselves.</summary>
public sealed record WorkloadGroupSpec
{
    [JsonPropertyName("metadata")]
    public WorkloadGroupMetadata? Metadata { get; init; }

    [JsonPropertyName("template")]
    public WorkloadEntrySpec? Template { get; init; }

    [JsonPropertyName("probe")]
    public ReadinessProbe? Probe { get; init; }
}
