using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>Answers with a 301 (or redirectCode) to a rewritten location.</summary>
public sealed record HttpRedirect
{
    [JsonPropertyName("uri")]
    public string? Uri { get; init; }

    [JsonPropertyName("authority")]
    public string? Authority { get; init; }

    [JsonPropertyName("port")]
    public uint? Port { get; init; }

    [JsonPropertyName("derivePort")]
    public string? DerivePort { get; init; }

    [JsonPropertyName("scheme")]
    public string? Scheme { get; init; }

    [JsonPropertyName("redirectCode")]
    public uint? RedirectCode { get; init; }
}
