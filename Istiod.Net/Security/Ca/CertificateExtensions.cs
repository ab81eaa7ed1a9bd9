using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Istiod.Net.Security.Ca;

/// <summary>The extensions the CA writes, in one place so every certificate it makes is built the same way.</summary>
internal static class CertificateExtensions
{
    public const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";
    public const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    public static void AddCaExtensions(CertificateRequest request)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
    }

    public static void AddLeafExtensions(
        CertificateRequest request, X509Certificate2 issuer, bool rsaSubjectKey, bool clientAuth, X509Extension subjectAlternativeName)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));

        // keyEncipherment only means something for RSA key transport; an EC key cannot do it.
        var usage = X509KeyUsageFlags.DigitalSignature | (rsaSubjectKey ? X509KeyUsageFlags.KeyEncipherment : 0);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, true));

        var purposes = new OidCollection { new Oid(ServerAuthOid) };
        if (clientAuth)
        {
            purposes.Add(new Oid(ClientAuthOid));
        }

        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(purposes, false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(AuthorityKeyIdentifier(issuer));
        request.CertificateExtensions.Add(subjectAlternativeName);
    }

    /// <summary>A positive 16-byte serial; 126 random bits make a collision or a guess impractical.</summary>
    public static byte[] RandomSerial()
    {
        var serial = RandomNumberGenerator.GetBytes(16);

        // Clear the sign bit (serials are positive) and set the next one so DER keeps all 16 bytes.
        serial[0] = (byte)((serial[0] & 0x7F) | 0x40);
        return serial;
    }

    private static X509AuthorityKeyIdentifierExtension AuthorityKeyIdentifier(X509Certificate2 issuer)
    {
        var issuerKeyId = issuer.Extensions.OfType<X509SubjectKeyIdentifierExtension>().FirstOrDefault();

        // A plugged-in CA may lack subjectKeyIdentifier; derive the same SHA-1 key id peers would compute.
        var keyId = issuerKeyId?.SubjectKeyIdentifierBytes ??
            new X509SubjectKeyIdentifierExtension(issuer.PublicKey, false).SubjectKeyIdentifierBytes;
        return X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(keyId.Span);
    }
}
