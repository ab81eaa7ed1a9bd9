using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>The spec of networking.istio.io ProxyConfig: per-workload proxy settings.</summary>
public sealed record ProxyConfigSpec
{
    [JsonPropertyName("selector")]
    public MatchLabelsSelector? Selector { get; init; }

    [JsonPropertyName("concurrency")]
    public int? Concurrency { get; init; }

    [JsonPropertyName("environmentVariables")]
    public IReadOnlyDictionary<string, string>? EnvironmentVariables { get; init; }

    [JsonPropertyName("image")]
    public ProxyImage? Image { get; init; }
}
