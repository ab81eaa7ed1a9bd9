using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>An HTTP readiness probe.</summary>
public sealed record HttpHealthCheckConfig
{
    [JsonPropertyName("path")]
    public string? Path { get; init; }

    [JsonPropertyName("port")]
    public uint? Port { get; init; }

    [JsonPropertyName("host")]
    public string? Host { get; init; }

    [JsonPropertyName("scheme")]
    public string? Scheme { get; init; }

    [JsonPropertyName("httpHeaders")]
    public IReadOnlyList<ProbeHttpHeader>? HttpHeaders { get; init; }
}
