using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Istiod.Net.Grpc;

/// <summary>What a handler may know about its call. Built by the server layer for each call.</summary>
public sealed class GrpcCallContext
{
    /// <summary>The full method path, <c>/package.Service/Method</c>.</summary>
    public required string Method { get; init; }

    /// <summary>Request metadata (HTTP/2 headers other than the pseudo and transport ones), keys lower case.</summary>
    public required IReadOnlyDictionary<string, string> RequestHeaders { get; init; }

    /// <summary>Cancelled when the client goes away, the deadline passes or the server stops.</summary>
    public required CancellationToken CancellationToken { get; init; }

    /// <summary>From <c>grpc-timeout</c>, when the client sent one.</summary>
    public DateTimeOffset? Deadline { get; init; }

    public IPEndPoint? RemoteEndPoint { get; init; }

    public int LocalPort { get; init; }

    public bool IsTls { get; init; }

    /// <summary>The client's TLS certificate, when it presented one.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>Identifies the HTTP/2 connection the call came on (several calls may share one).</summary>
    public required string ConnectionId { get; init; }
}
