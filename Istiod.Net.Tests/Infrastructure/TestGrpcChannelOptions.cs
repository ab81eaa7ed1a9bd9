using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Istiod.Net.Tests.Infrastructure;

/// <summary>How a test reaches a gRPC server with <see cref="TestGrpcChannels"/>: TLS trust, client identity, connection sharing.</summary>
public sealed record TestGrpcChannelOptions
{
    /// <summary>Roots the server certificate must chain to (https only). Null with no callback: the system store decides.</summary>
    public X509Certificate2Collection? TrustedRoots { get; init; }

    /// <summary>Whether the server certificate must name the host dialled; tests dial 127.0.0.1 against mesh certificates.</summary>
    public bool CheckServerName { get; init; } = true;

    /// <summary>Overrides <see cref="TrustedRoots"/> entirely, e.g. to accept anything in a test of the client side.</summary>
    public RemoteCertificateValidationCallback? ServerCertificateValidation { get; init; }

    /// <summary>Presented in the TLS handshake (mTLS on 15012).</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>Sent as <c>authorization: Bearer ...</c> on every call, also over h2c, as istio-agent does on 15012.</summary>
    public string? BearerToken { get; init; }

    /// <summary>False keeps every call of the channel on one HTTP/2 connection, so tests can count streams per connection.</summary>
    public bool EnableMultipleHttp2Connections { get; init; } = true;

    public int MaxReceiveMessageSize { get; init; } = 64 * 1024 * 1024;

    public int? MaxSendMessageSize { get; init; }
}
