using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Istiod.Net.Injection;

namespace Istiod.Net.Tests.Injection;

/// <summary>Inputs the injection tests share, and the way back from a mutated pod to its Envoy bootstrap.</summary>
internal static class InjectionTestPods
{
    public static JsonObject Deployment(string? podAnnotationsJson = null, string? podLabelsJson = null)
    {
        var template = new JsonObject
        {
            ["metadata"] = new JsonObject { ["labels"] = JsonNode.Parse(podLabelsJson ?? """{"app":"reviews","version":"v1"}""") },
            ["spec"] = JsonNode.Parse("""
                {"serviceAccountName":"bookinfo-reviews","containers":[{"name":"reviews","image":"reviews:1","ports":[{"containerPort":9080}]}]}
                """),
        };
        if (podAnnotationsJson is not null)
        {
            template["metadata"]!["annotations"] = JsonNode.Parse(podAnnotationsJson);
        }

        var deployment = JsonNode.Parse("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"reviews-v1","namespace":"bookinfo"},
             "spec":{"replicas":1,"selector":{"matchLabels":{"app":"reviews"}}}}
            """)!.AsObject();
        deployment["spec"]!["template"] = template;
        return deployment;
    }

    public static JsonObject Template(JsonObject deployment) => deployment["spec"]!["template"]!.AsObject();

    public static Dictionary<string, string> OptedIn => new() { [InjectionNames.NamespaceLabel] = "enabled" };

    public static JsonObject Container(JsonObject pod, string list, string name) =>
        pod["spec"]![list]!.AsArray().Single(c => c!["name"]!.ToString() == name)!.AsObject();

    /// <summary>
    /// The bootstrap istio-proxy starts with: its <c>--config-yaml</c> argument after the kubelet's
    /// <c>$(VAR)</c> expansion (done here with the given pod values), parsed as a Bootstrap message.
    /// </summary>
    public static Envoy.Config.Bootstrap.V3.Bootstrap Bootstrap(JsonObject pod, string podName, string podIp)
    {
        var args = Container(pod, "containers", InjectionNames.ProxyContainer)["args"]!.AsArray().Select(a => a!.ToString()).ToList();
        var json = args[args.IndexOf("--config-yaml") + 1];
        var expanded = json
            .Replace("$$(", "\u0001", StringComparison.Ordinal)
            .Replace("$(POD_NAME)", podName, StringComparison.Ordinal)
            .Replace("$(INSTANCE_IP)", podIp, StringComparison.Ordinal);
        Assert.That(expanded, Does.Not.Contain("$("), "every kubelet reference in the bootstrap names an env var the proxy has");
        expanded = expanded.Replace("\u0001", "$(", StringComparison.Ordinal);
        var registry = TypeRegistry.FromMessages(
            Envoy.Config.Bootstrap.V3.Bootstrap.Descriptor,
            Envoy.Config.GrpcCredential.V3.FileBasedMetadataConfig.Descriptor,
            Envoy.Extensions.Upstreams.Http.V3.HttpProtocolOptions.Descriptor,
            Envoy.Extensions.Filters.Http.Router.V3.Router.Descriptor,
            Envoy.Extensions.Filters.Network.HttpConnectionManager.V3.HttpConnectionManager.Descriptor);
        return new JsonParser(JsonParser.Settings.Default.WithTypeRegistry(registry)).Parse<Envoy.Config.Bootstrap.V3.Bootstrap>(expanded);
    }
}
