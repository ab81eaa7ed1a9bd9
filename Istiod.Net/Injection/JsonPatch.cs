using System.Text.Json.Nodes;

namespace Istiod.Net.Injection;

/// <summary>
/// The RFC 6902 patch from a pod to its injected form. Injection only changes the spec and the
/// annotations, so the patch replaces those two wholesale: short to compute, and exact whatever the
/// container order was.
/// </summary>
public static class JsonPatch
{
    public static JsonArray Between(JsonObject before, JsonObject after)
    {
        var patch = new JsonArray();
        if (after["metadata"] is JsonObject metadata)
        {
            if (before["metadata"] is not JsonObject oldMetadata)
            {
                patch.Add(Op("add", "/metadata", metadata));
            }
            else if (metadata["annotations"] is JsonObject annotations && !JsonNode.DeepEquals(oldMetadata["annotations"], annotations))
            {
                patch.Add(Op(oldMetadata.ContainsKey("annotations") ? "replace" : "add", "/metadata/annotations", annotations));
            }
        }

        if (!JsonNode.DeepEquals(before["spec"], after["spec"]))
        {
            patch.Add(Op(before.ContainsKey("spec") ? "replace" : "add", "/spec", after["spec"]));
        }

        return patch;
    }

    private static JsonObject Op(string op, string path, JsonNode? value) => new()
    {
        ["op"] = op,
        ["path"] = path,
        ["value"] = value?.DeepClone(),
    };
}
