using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Istiod.Net.Tests.Infrastructure;

/// <summary>
/// A throw-away CA with a server certificate for 127.0.0.1/localhost and a client certificate carrying a SPIFFE
/// identity, made in memory with ECDSA P-256 (fast to generate, as a mesh CA would).
/// </summary>
public sealed class GrpcTestServerCertificates : IDisposable
{
    public const string ClientSpiffeId = "spiffe://cluster.local/ns/default/sa/test-client";

    private GrpcTestServerCertificates(X509Certificate2 root, X509Certificate2 server, X509Certificate2 client)
    {
        Root = root;
        Server = server;
        Client = client;
    }

    /// <summary>The CA certificate (public part only is needed by peers).</summary>
    public X509Certificate2 Root { get; }

    public X509Certificate2 Server { get; }

    public X509Certificate2 Client { get; }

    public X509Certificate2Collection Roots => [Root];

    public static GrpcTestServerCertificates Create(string caName = "Istiod.Net test CA")
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest($"CN={caName}", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        var root = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        var serverNames = new SubjectAlternativeNameBuilder();
        serverNames.AddIpAddress(IPAddress.Loopback);
        serverNames.AddDnsName("localhost");
        var server = Issue(root, "CN=istiod-test", serverNames, "1.3.6.1.5.5.7.3.1", now);

        var clientNames = new SubjectAlternativeNameBuilder();
        clientNames.AddUri(new Uri(ClientSpiffeId));
        var client = Issue(root, string.Empty, clientNames, "1.3.6.1.5.5.7.3.2", now);

        return new GrpcTestServerCertificates(root, server, client);
    }

    /// <summary>
    /// Certificates made elsewhere, e.g. by the mesh CA (a serving certificate for 127.0.0.1 and a workload
    /// certificate), so a test server runs with them. Takes ownership: disposing this disposes them.
    /// </summary>
    public static GrpcTestServerCertificates FromExisting(X509Certificate2 root, X509Certificate2 server, X509Certificate2 client) =>
        new(root, server, client);

    public void Dispose()
    {
        Root.Dispose();
        Server.Dispose();
        Client.Dispose();
    }

    private static X509Certificate2 Issue(
        X509Certificate2 issuer, string subject, SubjectAlternativeNameBuilder names, string usage, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        request.CertificateExtensions.Add(names.Build(critical: subject.Length == 0));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var issued = request.Create(issuer, now.AddMinutes(-5), now.AddHours(12), serial);
        return issued.CopyWithPrivateKey(key);
    }
}
