namespace Istiod.Net.Kube;

public enum KubeInformerEventType
{
    Added,
    Updated,
    Deleted,

    /// <summary>The first list has been delivered: the cache holds the cluster's state as of that list.</summary>
    Synced,
}
