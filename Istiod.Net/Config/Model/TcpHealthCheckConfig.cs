using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>A TCP readiness probe.</summary>
public sealed record TcpHealthCheckConfig
{
    [JsonPropertyName("host")]
    public string? Host { get; init; }

    [JsonPropertyName("port")]
    public uint? Port { get; init; }
}
