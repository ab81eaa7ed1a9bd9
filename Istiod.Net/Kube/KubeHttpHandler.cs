using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Istiod.Net.Kube;

/// <summary>The HTTP handler for one cluster: its trust roots, server name and client certificate.</summary>
internal static class KubeHttpHandler
{
    public static SocketsHttpHandler Create(KubeClusterConfig config)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
            UseCookies = false,
            AllowAutoRedirect = false,
        };

        if (config.Server.Scheme != Uri.UriSchemeHttps)
        {
            return handler;
        }

        handler.SslOptions = new SslClientAuthenticationOptions
        {
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = (_, certificate, _, errors) => Validate(config, certificate, errors),
        };

        if (config.ClientCertificate is { } client)
        {
            handler.SslOptions.ClientCertificates = new X509CertificateCollection { client };

            // Offer the certificate even when the server's list of acceptable issuers does not name its CA.
            handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => client;
        }

        return handler;
    }

    private static bool Validate(KubeClusterConfig config, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (config.InsecureSkipTlsVerify)
        {
            return true;
        }

        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        using var server = certificate as X509Certificate2 is { } c2
            ? X509CertificateLoader.LoadCertificate(c2.RawData)
            : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());

        var nameOk = config.TlsServerName is { } expected
            ? server.MatchesHostname(expected)
            : !errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch);
        if (!nameOk)
        {
            return false;
        }

        if (config.CertificateAuthorities is not { Count: > 0 } roots)
        {
            return !errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors);
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(server);
    }
}
