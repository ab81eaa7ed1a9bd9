using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>The spec of networking.istio.io ServiceEntry: adds a service to the mesh registry.</summary>
public sealed record ServiceEntrySpec
{
    [JsonPropertyName("hosts")]
    public IReadOnlyList<string>? Hosts { get; init; }

    [JsonPropertyName("addresses")]
    public IReadOnlyList<string>? Addresses { get; init; }

    [JsonPropertyName("ports")]
    public IReadOnlyList<ServicePort>? Ports { get; init; }

    [JsonPropertyName("location")]
    public ServiceEntryLocation? Location { get; init; }

    [JsonPropertyName("resolution")]
    public ServiceEntryResolution? Resolution { get; init; }

    [JsonPropertyName("endpoints")]
    public IReadOnlyList<WorkloadEntrySpec>? Endpoints { get; init; }

    [JsonPropertyName("workloadSelector")]
    public WorkloadSelector? WorkloadSelector { get; init; }

    [JsonPropertyName("exportTo")]
    public IReadOnlyList<string>? ExportTo { get; init; }

    [JsonPropertyName("subjectAltNames")]
    public IReadOnlyList<string>? SubjectAltNames { get; init; }
}
