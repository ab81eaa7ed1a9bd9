using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Istiod.Net.Security.Ca;

/// <summary>Creates keys and checks the keys others bring.</summary>
internal static class CaKeys
{
    public static AsymmetricAlgorithm Create(CaKeyAlgorithm algorithm) => algorithm switch
    {
        CaKeyAlgorithm.EcdsaP256 => ECDsa.Create(ECCurve.NamedCurves.nistP256),
        CaKeyAlgorithm.Rsa2048 => RSA.Create(2048),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown key algorithm."),
    };

    public static CertificateRequest NewRequest(X500DistinguishedName subject, AsymmetricAlgorithm key) => key switch
    {
        ECDsa ec => new CertificateRequest(subject, ec, HashAlgorithmName.SHA256),
        RSA rsa => new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
        _ => throw new ArgumentException($"Unsupported key type {key.GetType().Name}.", nameof(key)),
    };

    public static X509Certificate2 AttachKey(X509Certificate2 certificate, AsymmetricAlgorithm key) => key switch
    {
        ECDsa ec => certificate.CopyWithPrivateKey(ec),
        RSA rsa => certificate.CopyWithPrivateKey(rsa),
        _ => throw new ArgumentException($"Unsupported key type {key.GetType().Name}.", nameof(key)),
    };

    /// <summary>
    /// Accepts the keys a workload may reasonably hold: RSA of 2048 bits or more, or ECDSA on P-256/P-384.
    /// Returns whether the key is RSA (which also calls for keyEncipherment).
    /// </summary>
    public static bool CheckSubjectKey(PublicKey key)
    {
        using (var rsa = key.GetRSAPublicKey())
        {
            if (rsa is not null)
            {
                if (rsa.KeySize < 2048)
                {
                    throw new CsrRejectedException($"the CSR's RSA key has {rsa.KeySize} bits; at least 2048 are required.");
                }

                if (rsa.KeySize > 8192)
                {
                    throw new CsrRejectedException($"the CSR's RSA key has {rsa.KeySize} bits; at most 8192 are accepted.");
                }

                return true;
            }
        }

        using (var ec = key.GetECDsaPublicKey())
        {
            if (ec is not null)
            {
                var curve = ec.ExportParameters(false).Curve;
                var name = curve.Oid?.FriendlyName ?? curve.Oid?.Value;
                if (!curve.IsNamed || !IsAcceptedCurve(curve.Oid))
                {
                    throw new CsrRejectedException($"the CSR's EC key is on curve '{name ?? "explicit parameters"}'; only P-256 and P-384 are accepted.");
                }

                return false;
            }
        }

        throw new CsrRejectedException($"the CSR's key type (OID {key.Oid.Value}) is not supported; use RSA (2048+) or ECDSA (P-256, P-384).");
    }

    // Platforms report a named curve by OID, by friendly name or both; accept either spelling of P-256/P-384.
    private static bool IsAcceptedCurve(Oid? oid) =>
        oid?.Value is "1.2.840.10045.3.1.7" or "1.3.132.0.34" ||
        oid?.FriendlyName is "nistP256" or "ECDSA_P256" or "prime256v1" or "secp256r1" or "nistP384" or "ECDSA_P384" or "secp384r1";
}
