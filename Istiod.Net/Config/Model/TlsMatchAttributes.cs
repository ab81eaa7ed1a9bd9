using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>Conditions on a TLS connection.</summary>
public sealed record TlsMatchAttributes
{
    [JsonPropertyName("sniHosts")]
    public IReadOnlyList<string>? SniHosts { get; init; }

    [JsonPropertyName("destinationSubnets")]
    public IReadOnlyList<string>? DestinationSubnets { get; init; }

    [JsonPropertyName("port")]
    public uint? Port { get; init; }

    [JsonPropertyName("sourceLabels")]
    public IReadOnlyDictionary<string, string>? SourceLabels { get; init; }

    [JsonPropertyName("gateways")]
    public IReadOnlyList<string>? Gateways { get; init; }

    [JsonPropertyName("sourceNamespace")]
    public string? SourceNamespace { get; init; }
}
