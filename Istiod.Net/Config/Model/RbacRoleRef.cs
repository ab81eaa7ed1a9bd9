using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>The role a ServiceRoleBinding grants.</summary>
public sealed record RbacRoleRef
{
    [JsonPropertyName("kind")]
    public string? Kind { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }
}
