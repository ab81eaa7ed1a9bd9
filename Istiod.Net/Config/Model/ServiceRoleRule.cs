using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>One permission of a ServiceRole: services, paths, methods, ports and constraints that must all match.</summary>
public sealed record ServiceRoleRule
{
    [JsonPropertyName("services")]
    public IReadOnlyList<string>? Services { get; init; }

    [JsonPropertyName("notServices")]
    public IReadOnlyList<string>? NotServices { get; init; }

    [JsonPropertyName("paths")]
    public IReadOnlyList<string>? Paths { get; init; }

    [JsonPropertyName("notPaths")]
    public IReadOnlyList<string>? NotPaths { get; init; }

    [JsonPropertyName("methods")]
    public IReadOnlyList<string>? Methods { get; init; }

    [JsonPropertyName("notMethods")]
    public IReadOnlyList<string>? NotMethods { get; init; }

    [JsonPropertyName("ports")]
    public IReadOnlyList<int>? Ports { get; init; }

    [JsonPropertyName("notPorts")]
    public IReadOnlyList<int>? NotPorts { get; init; }

    [JsonPropertyName("constraints")]
    public IReadOnlyList<ServiceRoleConstraint>? Constraints { get; init; }
}
