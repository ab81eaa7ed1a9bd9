using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>Faults injected on the client side of a route.</summary>
public sealed record HttpFaultInjection
{
    [JsonPropertyName("delay")]
    public FaultDelay? Delay { get; init; }

    [JsonPropertyName("abort")]
    public FaultAbort? Abort { get; init; }
}
