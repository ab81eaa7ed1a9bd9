using System.Text.Json.Nodes;
using Istiod.Net.Kube;

namespace Istiod.Net.Tests.Kube;

/// <summary>Objects for the Kubernetes tests: a namespaced custom type nobody registers, as the fake server allows.</summary>
internal static class KubeTestObjects
{
    public static KubeResourceType Widgets { get; } = new("example.istiod.net", "v1", "widgets", "Widget", Namespaced: true);

    public static KubeResourceType Gadgets { get; } = new("example.istiod.net", "v1", "gadgets", "Gadget", Namespaced: false);

    public static JsonObject Widget(string @namespace, string name, int value = 0) => new()
    {
        ["apiVersion"] = Widgets.ApiVersion,
        ["kind"] = Widgets.Kind,
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = @namespace },
        ["spec"] = new JsonObject { ["value"] = value },
    };

    public static JsonObject Gadget(string name) => new()
    {
        ["apiVersion"] = Gadgets.ApiVersion,
        ["kind"] = Gadgets.Kind,
        ["metadata"] = new JsonObject { ["name"] = name },
    };

    public static int Value(JsonObject obj) => obj["spec"]?["value"]?.GetValue<int>() ?? -1;
}
