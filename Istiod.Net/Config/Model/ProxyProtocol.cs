using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>Sends the PROXY protocol header upstream.</summary>
public sealed record ProxyProtocol
{
    [JsonPropertyName("version")]
    public string? Version { get; init; }
}
