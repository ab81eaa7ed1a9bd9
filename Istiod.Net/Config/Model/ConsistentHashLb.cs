using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>Hash-based affinity: by header, cookie, source IP or query parameter.</summary>
public sealed record ConsistentHashLb
{
    [JsonPropertyName("httpHeaderName")]
    public string? HttpHeaderName { get; init; }

    [JsonPropertyName("httpCookie")]
    public HttpCookie? HttpCookie { get; init; }

    [JsonPropertyName("useSourceIp")]
    public bool? UseSourceIp { get; init; }

    [JsonPropertyName("httpQueryParameterName")]
    public string? HttpQueryParameterName { get; init; }

    [JsonPropertyName("ringHash")]
    public RingHashSettings? RingHash { get; init; }

    [JsonPropertyName("maglev")]
    public MagLevSettings? Maglev { get; init; }

    [JsonPropertyName("minimumRingSize")]
    public ulong? MinimumRingSize { get; init; }
}
