using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Istiod.Net.Config.Model;
using YamlDotNet.Serialization;

namespace Istiod.Net.Security.Authorization.Legacy;

/// <summary>Writes AuthorizationPolicy objects as Kubernetes YAML documents (security.istio.io/v1), ready for kubectl apply.</summary>
public static class PolicyYamlWriter
{
    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static string Write(IEnumerable<ConfigObject> policies)
    {
        var serializer = new SerializerBuilder().Build();
        var documents = new List<string>();
        foreach (var policy in policies)
        {
            var metadata = new Dictionary<string, object?> { ["name"] = policy.Meta.Name, ["namespace"] = policy.Meta.Namespace };
            if (policy.Meta.Annotations.Count > 0)
            {
                metadata["annotations"] = policy.Meta.Annotations.ToDictionary(a => a.Key, a => (object?)a.Value);
            }

            var document = new Dictionary<string, object?>
            {
                ["apiVersion"] = "security.istio.io/v1",
                ["kind"] = "AuthorizationPolicy",
                ["metadata"] = metadata,
                ["spec"] = Plain(JsonSerializer.SerializeToNode(policy.Spec, policy.Spec.GetType(), Json)) ?? new Dictionary<string, object?>(),
            };
            documents.Add(serializer.Serialize(document));
        }

        return string.Join("---\n", documents);
    }

    /// <summary>JSON nodes as the dictionaries, lists and scalars YamlDotNet writes.</summary>
    private static object? Plain(JsonNode? node) => node switch
    {
        JsonObject obj => obj.ToDictionary(p => p.Key, p => Plain(p.Value)),
        JsonArray array => array.Select(Plain).ToList(),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False => value.GetValue<bool>(),
        JsonValue value => value.ToJsonString(),
        _ => null,
    };
}
