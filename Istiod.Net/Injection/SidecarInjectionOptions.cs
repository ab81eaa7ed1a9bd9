namespace Istiod.Net.Injection;

/// <summary>What every injected pod shares: images, where the control plane is, and the mesh identity.</summary>
public sealed record SidecarInjectionOptions
{
    public const string DefaultProxyImage = "envoyproxy/envoy:v1.32-latest";

    /// <summary>
    /// Any image with <c>sh</c> and <c>iptables</c> already in it: istio-init must work in a pod without egress,
    /// so nothing is installed at start. Istio's own proxy image carries both (its istio-init uses it too).
    /// </summary>
    public const string DefaultInitImage = "docker.io/istio/proxyv2:1.24.0";

    public string ProxyImage { get; init; } = DefaultProxyImage;

    public string InitImage { get; init; } = DefaultInitImage;

    /// <summary>The namespace istiod-net runs in; the default discovery address is its service there.</summary>
    public string ControlPlaneNamespace { get; init; } = "istio-system";

    /// <summary>host:port of the secure xDS port; null means <c>istiod-net.&lt;ControlPlaneNamespace&gt;.svc:15012</c>.</summary>
    public string? DiscoveryAddress { get; init; }

    public string TrustDomain { get; init; } = "cluster.local";

    public string ClusterId { get; init; } = "Kubernetes";

    public string DnsDomain { get; init; } = "cluster.local";

    public string IstioVersion { get; init; } = "1.24.0";

    public string ResolvedDiscoveryAddress => DiscoveryAddress ?? $"istiod-net.{ControlPlaneNamespace}.svc:15012";
}
