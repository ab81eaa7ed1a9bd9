using Istiod.Net.Kube;

namespace Istiod.Net.Registry.Kube;

/// <summary>How the Kubernetes registry names hosts and watches the cluster.</summary>
public sealed record KubeServiceRegistryOptions
{
    /// <summary>DNS suffix of service host names: &lt;name&gt;.&lt;namespace&gt;.svc.&lt;domain&gt;.</summary>
    public string Domain { get; init; } = Hostnames.DefaultDomain;

    /// <summary>Source name in logs, in <see cref="Service.Source"/> and in change events.</summary>
    public string Name { get; init; } = "Kubernetes";

    public KubeInformerOptions Informer { get; init; } = new();
}
