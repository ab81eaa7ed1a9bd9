namespace Istiod.Net.Xds.Generation;

/// <summary>The node metadata fields the control plane reads (Istio's names).</summary>
public sealed record ProxyMetadata
{
    public string? Namespace { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>"grpc" marks a proxyless gRPC client.</summary>
    public string? Generator { get; init; }

    public IReadOnlyList<string> InstanceIps { get; init; } = [];
    public string? ClusterId { get; init; }
    public string? IstioVersion { get; init; }
    public string? ServiceAccount { get; init; }
    public string? Network { get; init; }

    /// <summary>INTERCEPTION_MODE: how the proxy's traffic is captured.</summary>
    public InterceptionMode InterceptionMode { get; init; }
}
