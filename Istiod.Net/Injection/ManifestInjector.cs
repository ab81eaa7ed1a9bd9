using System.Text.Json.Nodes;

namespace Istiod.Net.Injection;

/// <summary>
/// Injection for whole Kubernetes objects as <c>kubectl apply</c> takes them: a Pod itself, or the pod
/// template of a workload kind. Other kinds come back unchanged. Like <c>istioctl kube-inject</c>, the
/// namespace counts as opted in; only the pod's own opt-out is honoured.
/// </summary>
public sealed class ManifestInjector(SidecarInjector injector)
{
    private static readonly string[] TemplateKinds = ["Deployment", "StatefulSet", "DaemonSet", "Job", "ReplicaSet", "ReplicationController"];

    private static readonly Dictionary<string, string> OptedIn = new() { [InjectionNames.NamespaceLabel] = "enabled" };

    /// <summary>A copy of the object with its pod injected; <see cref="SidecarInjectionException"/> names the bad field.</summary>
    public JsonNode? Inject(JsonNode? document)
    {
        if (document is not JsonObject obj)
        {
            return document?.DeepClone();
        }

        var kind = obj["kind"]?.ToString();
        var podNamespace = obj["metadata"]?["namespace"]?.ToString() is { Length: > 0 } ns ? ns : "default";
        if (kind == "Pod")
        {
            return injector.Inject(obj, podNamespace, OptedIn).Pod;
        }

        var (path, template) = kind switch
        {
            _ when TemplateKinds.Contains(kind) => ("spec.template", obj["spec"]?["template"]),
            "CronJob" => ("spec.jobTemplate.spec.template", obj["spec"]?["jobTemplate"]?["spec"]?["template"]),
            _ => (null, null),
        };
        if (path is null)
        {
            return obj.DeepClone();
        }

        if (template is not JsonObject templateObject)
        {
            throw new SidecarInjectionException($"{path}: a {kind} needs a pod template object");
        }

        var copy = obj.DeepClone().AsObject();
        JsonObject parent = kind == "CronJob" ? copy["spec"]!["jobTemplate"]!["spec"]!.AsObject() : copy["spec"]!.AsObject();
        try
        {
            parent["template"] = injector.Inject(templateObject, podNamespace, OptedIn).Pod;
        }
        catch (SidecarInjectionException e)
        {
            throw new SidecarInjectionException($"{path}.{e.Message}");
        }

        return copy;
    }
}
