using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>Who a ServiceRoleBinding grants its role to: a user (principal), a group, properties, and the later list forms.</summary>
public sealed record RbacSubject
{
    [JsonPropertyName("user")]
    public string? User { get; init; }

    [JsonPropertyName("group")]
    public string? Group { get; init; }

    [JsonPropertyName("properties")]
    public IReadOnlyDictionary<string, string>? Properties { get; init; }

    [JsonPropertyName("names")]
    public IReadOnlyList<string>? Names { get; init; }

    [JsonPropertyName("notNames")]
    public IReadOnlyList<string>? NotNames { get; init; }

    [JsonPropertyName("groups")]
    public IReadOnlyList<string>? Groups { get; init; }

    [JsonPropertyName("notGroups")]
    public IReadOnlyList<string>? NotGroups { get; init; }

    [JsonPropertyName("namespaces")]
    public IReadOnlyList<string>? Namespaces { get; init; }

    [JsonPropertyName("notNamespaces")]
    public IReadOnlyList<string>? NotNamespaces { get; init; }

    [JsonPropertyName("ips")]
    public IReadOnlyList<string>? Ips { get; init; }

    [JsonPropertyName("notIps")]
    public IReadOnlyList<string>? NotIps { get; init; }
}
