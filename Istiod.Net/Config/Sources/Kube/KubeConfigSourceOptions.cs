using Istiod.Net.Kube;

namespace Istiod.Net.Config.Sources.Kube;

/// <summary>How the cluster source watches Istio's custom resources.</summary>
public sealed record KubeConfigSourceOptions
{
    /// <summary>Names the source in the store and in logs; two clusters need two names.</summary>
    public string SourceId { get; init; } = "kubernetes";

    /// <summary>
    /// How long to wait before asking again about a kind none of whose versions the server serves (its CRD is
    /// not installed). Slow on purpose: installing a CRD is rare, and each probe is one request per version.
    /// </summary>
    public TimeSpan NotInstalledRetry { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Quiet time after an event before the store is updated, so a burst becomes one change.</summary>
    public TimeSpan Coalesce { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>List, watch and retry settings of every informer the source runs.</summary>
    public KubeInformerOptions Informer { get; init; } = new();
}
