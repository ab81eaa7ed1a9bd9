using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>An early error answer for a percentage of requests.</summary>
public sealed record FaultAbort
{
    [JsonPropertyName("httpStatus")]
    public int? HttpStatus { get; init; }

    [JsonPropertyName("grpcStatus")]
    public string? GrpcStatus { get; init; }

    [JsonPropertyName("http2Error")]
    public string? Http2Error { get; init; }

    [JsonPropertyName("percentage")]
    public Percent? Percentage { get; init; }
}
