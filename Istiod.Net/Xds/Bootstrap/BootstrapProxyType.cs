namespace Istiod.Net.Xds.Bootstrap;

/// <summary>The first field of an Istio node id: what kind of Envoy the bootstrap starts.</summary>
public enum BootstrapProxyType
{
    /// <summary>A workload's sidecar (node id <c>sidecar~...</c>).</summary>
    Sidecar,

    /// <summary>An ingress or egress gateway (node id <c>router~...</c>).</summary>
    Router,
}
