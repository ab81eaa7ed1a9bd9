using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>Retry policy of an HTTP route.</summary>
public sealed record HttpRetry
{
    [JsonPropertyName("attempts")]
    public int? Attempts { get; init; }

    [JsonPropertyName("perTryTimeout")]
    public string? PerTryTimeout { get; init; }

    [JsonPropertyName("retryOn")]
    public string? RetryOn { get; init; }

    [JsonPropertyName("retryRemoteLocalities")]
    public bool? RetryRemoteLocalities { get; init; }
}
