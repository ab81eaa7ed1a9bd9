namespace Istiod.Net.Tests.Infrastructure;

/// <summary>
/// What a gRPC xDS bootstrap holds beyond the control plane's address: the workload's labels (node
/// metadata LABELS, which PeerAuthentication selectors match), the certificate files of the file_watcher
/// certificate provider (gRFC A29), and the server listener name template of xDS-enabled servers (A36).
/// </summary>
public sealed record E2eBootstrapOptions
{
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    public string? ServiceAccount { get; init; }

    /// <summary>Workload certificate chain, its key and the mesh roots, as PEM files.</summary>
    public E2eCertificateFiles? Certificates { get; init; }

    /// <summary>Set for servers: how their listener resource names are formed from the bound address.</summary>
    public string? ServerListenerNameTemplate { get; init; }
}
