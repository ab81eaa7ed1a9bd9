using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Istiod.Net.Config.Model;

/// <summary>
/// A digest of everything in a config object that affects behaviour: kind, namespace, name, labels,
/// annotations, creation time and the spec. Records holding lists compare by reference, so this is how
/// the store tells "same content" from "changed". Server-side bookkeeping (resourceVersion, generation)
/// is left out on purpose: a Kubernetes status update must not look like a config change.
/// </summary>
public static class ConfigContentHash
{
    public static string Compute(ConfigObject config)
    {
        var root = new JsonObject
        {
            ["kind"] = config.Kind,
            ["namespace"] = config.Meta.Namespace,
            ["name"] = config.Meta.Name,
            ["labels"] = ToNode(config.Meta.Labels),
            ["annotations"] = ToNode(config.Meta.Annotations),
            ["creationTimestamp"] = config.Meta.CreationTimestamp?.ToUniversalTime().ToString("O"),
            ["spec"] = JsonSerializer.SerializeToNode(config.Spec, config.Spec.GetType(), ConfigJson.Options),
        };

        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteCanonical(writer, root);
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
    }

    private static JsonObject ToNode(IReadOnlyDictionary<string, string> map)
    {
        var node = new JsonObject();
        foreach (var (key, value) in map)
        {
            node[key] = value;
        }

        return node;
    }

    // Map order in YAML carries no meaning, so object members are written sorted by name.
    private static void WriteCanonical(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (name, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (value is null)
                    {
                        continue;
                    }

                    writer.WritePropertyName(Encoding.UTF8.GetBytes(name));
                    WriteCanonical(writer, value);
                }

                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    WriteCanonical(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }
}
