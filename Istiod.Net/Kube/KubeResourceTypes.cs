namespace Istiod.Net.Kube;

/// <summary>The built-in resource types the control plane reads or writes.</summary>
public static class KubeResourceTypes
{
    public static KubeResourceType Services { get; } = new("", "v1", "services", "Service", Namespaced: true);
    public static KubeResourceType Pods { get; } = new("", "v1", "pods", "Pod", Namespaced: true);
    public static KubeResourceType Namespaces { get; } = new("", "v1", "namespaces", "Namespace", Namespaced: false);
    public static KubeResourceType Nodes { get; } = new("", "v1", "nodes", "Node", Namespaced: false);
    public static KubeResourceType Secrets { get; } = new("", "v1", "secrets", "Secret", Namespaced: true);
    public static KubeResourceType ConfigMaps { get; } = new("", "v1", "configmaps", "ConfigMap", Namespaced: true);
    public static KubeResourceType EndpointSlices { get; } = new("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice", Namespaced: true);
    public static KubeResourceType Leases { get; } = new("coordination.k8s.io", "v1", "leases", "Lease", Namespaced: true);
    public static KubeResourceType TokenReviews { get; } = new("authentication.k8s.io", "v1", "tokenreviews", "TokenReview", Namespaced: false);

    public static KubeResourceType ValidatingWebhookConfigurations { get; } =
        new("admissionregistration.k8s.io", "v1", "validatingwebhookconfigurations", "ValidatingWebhookConfiguration", Namespaced: false);

    public static KubeResourceType MutatingWebhookConfigurations { get; } =
        new("admissionregistration.k8s.io", "v1", "mutatingwebhookconfigurations", "MutatingWebhookConfiguration", Namespaced: false);
}
