namespace Istiod.Net.Xds.Generation;

/// <summary>The first field of a node id: what the client is.</summary>
public enum ProxyKind
{
    /// <summary>"sidecar": a workload's proxy, or a proxyless gRPC client (told apart by metadata).</summary>
    Sidecar,

    /// <summary>"router": a gateway.</summary>
    Router,
}
