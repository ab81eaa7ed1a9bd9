using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>An outbound listener of a Sidecar and the hosts (`ns/host`) it may reach.</summary>
public sealed record IstioEgressListener
{
    [JsonPropertyName("port")]
    public SidecarPort? Port { get; init; }

    [JsonPropertyName("bind")]
    public string? Bind { get; init; }

    [JsonPropertyName("captureMode")]
    public string? CaptureMode { get; init; }

    [JsonPropertyName("hosts")]
    public IReadOnlyList<string>? Hosts { get; init; }
}
