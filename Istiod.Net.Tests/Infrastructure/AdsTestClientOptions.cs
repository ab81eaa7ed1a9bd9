using Envoy.Config.Core.V3;

namespace Istiod.Net.Tests.Infrastructure;

/// <summary>Who an <see cref="AdsTestClient"/> claims to be and how it answers.</summary>
public sealed record AdsTestClientOptions
{
    public const string DefaultNodeId = "sidecar~10.1.1.1~app-1.default~default.svc.cluster.local";

    public string NodeId { get; init; } = DefaultNodeId;

    /// <summary>Node metadata as strings, e.g. NAMESPACE and SERVICE_ACCOUNT.</summary>
    public IReadOnlyDictionary<string, string>? NodeMetadata { get; init; }

    /// <summary>A full node instead of <see cref="NodeId"/> and <see cref="NodeMetadata"/>.</summary>
    public Node? Node { get; init; }

    /// <summary>ACK every response as it is read, as Envoy does when a config applies; off, the test ACKs or NACKs itself.</summary>
    public bool AutoAck { get; init; }

    /// <summary>Request headers of the stream, e.g. an authorization header only this stream sends.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }
}
