using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>An inbound listener of a Sidecar.</summary>
public sealed record IstioIngressListener
{
    [JsonPropertyName("port")]
    public SidecarPort? Port { get; init; }

    [JsonPropertyName("bind")]
    public string? Bind { get; init; }

    [JsonPropertyName("captureMode")]
    public string? CaptureMode { get; init; }

    [JsonPropertyName("defaultEndpoint")]
    public string? DefaultEndpoint { get; init; }

    [JsonPropertyName("tls")]
    public ServerTlsSettings? Tls { get; init; }

    [JsonPropertyName("connectionPool")]
    public ConnectionPoolSettings? ConnectionPool { get; init; }
}
