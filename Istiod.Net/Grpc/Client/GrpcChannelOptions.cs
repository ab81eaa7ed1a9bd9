using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Istiod.Net.Grpc.Client;

/// <summary>Settings of a <see cref="GrpcChannel"/>, fixed when it is created.</summary>
public sealed record GrpcChannelOptions
{
    /// <summary>
    /// Largest response message accepted. 64 MiB rather than gRPC's usual 4 MiB because this client reads
    /// xDS responses, which grow with the mesh.
    /// </summary>
    public int MaxReceiveMessageSize { get; init; } = 64 * 1024 * 1024;

    /// <summary>Largest request message sent; <c>null</c> leaves the limit to the server.</summary>
    public int? MaxSendMessageSize { get; init; }

    /// <summary>
    /// For https addresses: the roots the server certificate must chain to, instead of the machine's store.
    /// Ignored when <see cref="ServerCertificateValidation"/> is set.
    /// </summary>
    public X509Certificate2Collection? TrustedRoots { get; init; }

    /// <summary>Whether the server certificate must name the host of the address (DNS or IP SAN).</summary>
    public bool CheckServerName { get; init; } = true;

    /// <summary>Full control over the server certificate check, when roots are not enough.</summary>
    public RemoteCertificateValidationCallback? ServerCertificateValidation { get; init; }

    /// <summary>Presented to servers that ask for a client certificate (mTLS). Must hold its private key.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>
    /// Opens another HTTP/2 connection when the server's stream limit is reached (Kestrel allows 100 per
    /// connection), so thousands of concurrent streams work through one channel.
    /// </summary>
    public bool EnableMultipleHttp2Connections { get; init; } = true;

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>HTTP/2 PING interval on idle connections, so a dead peer is noticed; <c>null</c> sends none.</summary>
    public TimeSpan? KeepAlivePingDelay { get; init; }

    /// <summary>Sent as user-agent on every call.</summary>
    public string UserAgent { get; init; } = "istiod-net-grpc/0.1";
}
