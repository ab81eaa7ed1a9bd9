namespace Istiod.Net.Xds.Generation;

/// <summary>How much of a proxy a generator set's output depends on, and so how widely results are shared.</summary>
public enum ProxyViewScope
{
    /// <summary>Namespace only: every proxy of a namespace gets the same resources.</summary>
    Namespace,

    /// <summary>Namespace and <see cref="ProxyWorkload"/>: sidecars, gateways and proxyless gRPC servers, whose listeners follow their workload.</summary>
    Workload,
}
