namespace Istiod.Net.Kube;

/// <summary>How an informer lists, watches and retries.</summary>
public sealed record KubeInformerOptions
{
    /// <summary>Only this namespace; null for all namespaces or a cluster-scoped type.</summary>
    public string? Namespace { get; init; }

    public string? LabelSelector { get; init; }

    public string? FieldSelector { get; init; }

    /// <summary>Objects per list page.</summary>
    public int PageSize { get; init; } = 500;

    /// <summary>
    /// Each watch asks the server to end after a time drawn between this and twice this, so that many
    /// informers do not all reconnect at the same moment.
    /// </summary>
    public TimeSpan WatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// End <see cref="KubeInformer.RunAsync"/> (instead of retrying) when a list answers 404: the resource is not
    /// served, e.g. a CRD that is not installed or not at this version. The owner decides what to try next.
    /// </summary>
    public bool EndWhenNotServed { get; init; }

    /// <summary>Source of jitter; seed it in tests so a failure reproduces.</summary>
    public Random? Random { get; init; }
}
