namespace Istiod.Net.Registry.Kube;

/// <summary>One Kubernetes Service as the registry sees it: its definition and its endpoints, built together.</summary>
public sealed record KubeServiceView(Service Service, IReadOnlyList<ServiceInstance> Instances)
{
    /// <summary>Same endpoints, field by field (labels by content), in the same order.</summary>
    public bool SameInstances(KubeServiceView other)
    {
        if (Instances.Count != other.Instances.Count)
        {
            return false;
        }

        for (var i = 0; i < Instances.Count; i++)
        {
            var a = Instances[i];
            var b = other.Instances[i];
            if (a.Service != b.Service || a.ServicePort != b.ServicePort || a.Address != b.Address || a.Port != b.Port
                || a.Locality != b.Locality || a.Weight != b.Weight || a.ServiceAccount != b.ServiceAccount
                || a.Network != b.Network || a.Ready != b.Ready
                || a.Labels.Count != b.Labels.Count || a.Labels.Any(kv => !b.Labels.TryGetValue(kv.Key, out var v) || v != kv.Value))
            {
                return false;
            }
        }

        return true;
    }
}
