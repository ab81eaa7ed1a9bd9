using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Istiod.Net.Tests.Security;

/// <summary>CSRs as a workload would make them, including ones that ask for an identity they should not get.</summary>
internal static class TestCsrs
{
    public static string Create(AsymmetricAlgorithm key, string? uriSan = null, string subject = "CN=workload")
    {
        CertificateRequest request = key switch
        {
            ECDsa ec => new CertificateRequest(subject, ec, HashAlgorithmName.SHA256),
            RSA rsa => new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            _ => throw new ArgumentException("key"),
        };
        if (uriSan is not null)
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddUri(new Uri(uriSan));
            san.AddDnsName("evil.example.com");
            request.CertificateExtensions.Add(san.Build());

            // A CSR asking to be a CA must not get one either.
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        }

        return request.CreateSigningRequestPem();
    }

    public static string CreateEc(string? uriSan = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return Create(key, uriSan);
    }
}
