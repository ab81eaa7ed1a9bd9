using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Istiod.Net.Grpc;

/// <summary>How a Kestrel port is set up to carry gRPC.</summary>
public static class GrpcListenOptionsExtensions
{
    /// <summary>
    /// Plaintext HTTP/2 with prior knowledge (h2c): no HTTP/1.1 upgrade dance, which is what Envoy and gRPC
    /// clients speak on a plaintext xDS port (15010).
    /// </summary>
    public static ListenOptions UseGrpcPlaintext(this ListenOptions listen)
    {
        ArgumentNullException.ThrowIfNull(listen);
        listen.Protocols = HttpProtocols.Http2;
        return listen;
    }

    /// <summary>
    /// Gives every connection on this port a maximum age (see <see cref="GrpcConnectionAge"/>). Call it before
    /// <c>UseGrpcTls</c>, so the age counts from the TCP connection, handshake included.
    /// </summary>
    public static ListenOptions UseMaxConnectionAge(this ListenOptions listen, GrpcConnectionAge age)
    {
        ArgumentNullException.ThrowIfNull(listen);
        ArgumentNullException.ThrowIfNull(age);
        listen.Use(next => connection => age.OnConnectionAsync(connection, next));
        return listen;
    }

    /// <summary>TLS offering only ALPN <c>h2</c>, with a fixed certificate.</summary>
    public static ListenOptions UseGrpcTls(this ListenOptions listen, X509Certificate2 certificate, GrpcTlsOptions? tls = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return listen.UseGrpcTls(() => certificate, tls);
    }

    /// <summary>
    /// TLS offering only ALPN <c>h2</c>. The certificate is asked for at every handshake, so a rotated serving
    /// certificate takes effect for new connections without a restart.
    /// </summary>
    public static ListenOptions UseGrpcTls(this ListenOptions listen, Func<X509Certificate2> certificate, GrpcTlsOptions? tls = null)
    {
        ArgumentNullException.ThrowIfNull(listen);
        ArgumentNullException.ThrowIfNull(certificate);
        tls ??= new GrpcTlsOptions();
        listen.Protocols = HttpProtocols.Http2;
        var https = new HttpsConnectionAdapterOptions
        {
            ServerCertificateSelector = (_, _) => certificate(),
            ClientCertificateMode = tls.ClientCertificateMode,
            SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        };
        if (tls.ClientCertificateRoots is { } roots)
        {
            https.ClientCertificateValidation = (cert, chain, _) => GrpcCertificateValidation.ChainsToRoots(cert, roots, chain);
        }
        else if (tls.ClientCertificateMode != ClientCertificateMode.NoCertificate)
        {
            // No roots given: the machine store cannot judge mesh certificates, so the handler decides.
            https.ClientCertificateValidation = (_, _, _) => true;
        }

        listen.UseHttps(https);
        return listen;
    }
}
