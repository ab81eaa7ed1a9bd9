using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>A command run as a readiness probe.</summary>
public sealed record ExecHealthCheckConfig
{
    [JsonPropertyName("command")]
    public IReadOnlyList<string>? Command { get; init; }
}
