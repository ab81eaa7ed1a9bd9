using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>One port of a gateway, the hosts it serves and its TLS settings.</summary>
public sealed record Server
{
    [JsonPropertyName("port")]
    public Port? Port { get; init; }

    [JsonPropertyName("bind")]
    public string? Bind { get; init; }

    [JsonPropertyName("hosts")]
    public IReadOnlyList<string>? Hosts { get; init; }

    [JsonPropertyName("tls")]
    public ServerTlsSettings? Tls { get; init; }

    [JsonPropertyName("defaultEndpoint")]
    public string? DefaultEndpoint { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }
}
