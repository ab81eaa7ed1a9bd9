using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>Connection limits (circuit breakers).</summary>
public sealed record ConnectionPoolSettings
{
    [JsonPropertyName("tcp")]
    public TcpSettings? Tcp { get; init; }

    [JsonPropertyName("http")]
    public HttpSettings? Http { get; init; }
}
