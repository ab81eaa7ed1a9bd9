using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>The request properties an authorization rule matches.</summary>
public sealed record AuthorizationOperation
{
    [JsonPropertyName("hosts")]
    public IReadOnlyList<string>? Hosts { get; init; }

    [JsonPropertyName("notHosts")]
    public IReadOnlyList<string>? NotHosts { get; init; }

    [JsonPropertyName("ports")]
    public IReadOnlyList<string>? Ports { get; init; }

    [JsonPropertyName("notPorts")]
    public IReadOnlyList<string>? NotPorts { get; init; }

    [JsonPropertyName("methods")]
    public IReadOnlyList<string>? Methods { get; init; }

    [JsonPropertyName("notMethods")]
    public IReadOnlyList<string>? NotMethods { get; init; }

    [JsonPropertyName("paths")]
    public IReadOnlyList<string>? Paths { get; init; }

    [JsonPropertyName("notPaths")]
    public IReadOnlyList<string>? NotPaths { get; init; }
}
