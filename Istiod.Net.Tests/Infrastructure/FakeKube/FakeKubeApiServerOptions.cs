using System.Security.Cryptography.X509Certificates;

namespace Istiod.Net.Tests.Infrastructure.FakeKube;

/// <summary>How the fake API server listens.</summary>
public sealed record FakeKubeApiServerOptions
{
    /// <summary>Serve HTTPS with this certificate (it must carry its private key); null serves plain HTTP.</summary>
    public X509Certificate2? ServerCertificate { get; init; }

    /// <summary>With HTTPS: require a client certificate issued by this CA.</summary>
    public X509Certificate2? ClientCertificateAuthority { get; init; }

    /// <summary>Send a BOOKMARK to every watch that allows them this often; null sends them only on request.</summary>
    public TimeSpan? BookmarkInterval { get; init; }
}
