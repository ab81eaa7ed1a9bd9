using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>A gRPC readiness probe.</summary>
public sealed record GrpcHealthCheckConfig
{
    [JsonPropertyName("port")]
    public uint? Port { get; init; }

    [JsonPropertyName("service")]
    public string? Service { get; init; }
}
