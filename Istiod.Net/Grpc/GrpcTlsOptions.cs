using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Istiod.Net.Grpc;

/// <summary>How a TLS gRPC port treats client certificates.</summary>
public sealed record GrpcTlsOptions
{
    /// <summary>Whether clients are asked for a certificate, and whether one is required.</summary>
    public ClientCertificateMode ClientCertificateMode { get; init; } = ClientCertificateMode.NoCertificate;

    /// <summary>
    /// Roots a client certificate must chain to (the mesh CA). Without them, any client certificate the
    /// TLS layer accepts is passed on, and the handler decides from <see cref="GrpcCallContext.ClientCertificate"/>.
    /// </summary>
    public X509Certificate2Collection? ClientCertificateRoots { get; init; }
}
