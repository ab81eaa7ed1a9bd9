using System.Text.Json;
using System.Text.Json.Nodes;

namespace Istiod.Net.Kube;

/// <summary>Turns one line of a watch stream into an event; an ERROR event becomes the exception it reports.</summary>
internal static class WatchEventParser
{
    public static KubeWatchEvent Parse(string line, string operation)
    {
        JsonObject? root;
        try
        {
            root = JsonNode.Parse(line) as JsonObject;
        }
        catch (JsonException e)
        {
            throw new FormatException($"{operation}: a watch event is not JSON: {e.Message}", e);
        }

        if (root is null)
        {
            throw new FormatException($"{operation}: a watch event is not a JSON object");
        }

        var type = root["type"] is JsonValue t && t.TryGetValue<string>(out var s) ? s : null;
        var obj = root["object"] as JsonObject;
        if (type == "ERROR")
        {
            throw KubeApiException.FromStatus(operation, 500, obj);
        }

        if (obj is null)
        {
            throw new FormatException($"{operation}: watch event {type ?? "(no type)"} has no object");
        }

        // Detach so the object can be kept in caches independently of the parsed envelope.
        root.Remove("object");
        return type switch
        {
            "ADDED" => new KubeWatchEvent(KubeWatchEventType.Added, obj),
            "MODIFIED" => new KubeWatchEvent(KubeWatchEventType.Modified, obj),
            "DELETED" => new KubeWatchEvent(KubeWatchEventType.Deleted, obj),
            "BOOKMARK" => new KubeWatchEvent(KubeWatchEventType.Bookmark, obj),
            _ => throw new FormatException($"{operation}: unknown watch event type '{type}'"),
        };
    }
}
