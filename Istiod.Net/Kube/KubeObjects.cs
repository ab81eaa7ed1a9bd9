using System.Text.Json.Nodes;

namespace Istiod.Net.Kube;

/// <summary>Small readers for the metadata every object carries.</summary>
public static class KubeObjects
{
    public static string? ResourceVersion(JsonObject obj) => Metadata(obj, "resourceVersion");

    public static string? Name(JsonObject obj) => Metadata(obj, "name");

    public static string? Namespace(JsonObject obj) => Metadata(obj, "namespace");

    public static string? Uid(JsonObject obj) => Metadata(obj, "uid");

    private static string? Metadata(JsonObject obj, string field) =>
        obj["metadata"] is JsonObject meta && meta[field] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
