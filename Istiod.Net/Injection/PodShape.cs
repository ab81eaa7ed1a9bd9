using System.Text.Json;
using System.Text.Json.Nodes;

namespace Istiod.Net.Injection;

/// <summary>
/// The types of the AdmissionReview and pod fields the injector reads. The API server never sends a pod with
/// <c>metadata: "oops"</c>, but a caller of the webhook port can; such a body is a 400 naming the field, not a
/// 500 from deep inside the injector, and never a patch that silently replaces the field.
/// </summary>
internal static class PodShape
{
    /// <summary>The first field of the wrong type, as "path: expected X, got Y", or null when the shape is usable.</summary>
    public static string? Problem(JsonObject review, JsonObject request, JsonObject pod)
    {
        return Scalar(review, "apiVersion", JsonValueKind.String, "")
            ?? Scalar(request, "namespace", JsonValueKind.String, "request.")
            ?? MetadataProblem(pod["metadata"])
            ?? SpecProblem(pod["spec"]);
    }

    private static string? MetadataProblem(JsonNode? metadata)
    {
        const string at = "request.object.metadata";
        if (metadata is null)
        {
            return null;
        }

        if (metadata is not JsonObject map)
        {
            return Wrong(at, "an object", metadata);
        }

        return Scalar(map, "name", JsonValueKind.String, at + ".")
            ?? Scalar(map, "namespace", JsonValueKind.String, at + ".")
            ?? Scalar(map, "generateName", JsonValueKind.String, at + ".")
            ?? StringMap(map["labels"], at + ".labels")
            ?? StringMap(map["annotations"], at + ".annotations");
    }

    private static string? SpecProblem(JsonNode? spec)
    {
        const string at = "request.object.spec";
        if (spec is null)
        {
            return null;
        }

        if (spec is not JsonObject map)
        {
            return Wrong(at, "an object", spec);
        }

        return Scalar(map, "serviceAccountName", JsonValueKind.String, at + ".")
            ?? Bool(map, "hostNetwork", at + ".")
            ?? Containers(map["containers"], at + ".containers")
            ?? Containers(map["initContainers"], at + ".initContainers")
            ?? Objects(map["volumes"], at + ".volumes");
    }

    private static string? Containers(JsonNode? node, string at)
    {
        if (Objects(node, at) is { } problem)
        {
            return problem;
        }

        var index = 0;
        foreach (var container in node as JsonArray ?? [])
        {
            if (Scalar((JsonObject)container!, "name", JsonValueKind.String, $"{at}[{index}].") is { } name)
            {
                return name;
            }

            index++;
        }

        return null;
    }

    private static string? Objects(JsonNode? node, string at)
    {
        if (node is null)
        {
            return null;
        }

        if (node is not JsonArray array)
        {
            return Wrong(at, "a list", node);
        }

        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject)
            {
                return Wrong($"{at}[{i}]", "an object", array[i]);
            }
        }

        return null;
    }

    private static string? StringMap(JsonNode? node, string at)
    {
        if (node is null)
        {
            return null;
        }

        if (node is not JsonObject map)
        {
            return Wrong(at, "an object of strings", node);
        }

        foreach (var (key, value) in map)
        {
            if (value is not null && value.GetValueKind() != JsonValueKind.String)
            {
                return Wrong($"{at}[{Quote(key)}]", "a string", value);
            }
        }

        return null;
    }

    private static string? Scalar(JsonObject parent, string key, JsonValueKind kind, string prefix)
    {
        var node = parent[key];
        return node is null || node.GetValueKind() == kind ? null : Wrong(prefix + key, "a string", node);
    }

    private static string? Bool(JsonObject parent, string key, string prefix)
    {
        var node = parent[key];
        return node is null || node.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? null : Wrong(prefix + key, "true or false", node);
    }

    private static string Wrong(string at, string expected, JsonNode? actual) =>
        $"{at}: expected {expected}, got {Describe(actual)}";

    private static string Describe(JsonNode? node) => node?.GetValueKind() switch
    {
        null or JsonValueKind.Null => "null",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        _ => "a boolean",
    };

    // Keys come from the caller: quoted with JSON escaping so a newline cannot break the answer or a log line.
    private static string Quote(string key) => JsonSerializer.Serialize(key.Length > 64 ? key[..64] + "…" : key);
}
