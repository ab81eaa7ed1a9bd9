using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace Istiod.Net.Security.Ca;

/// <summary>
/// Keeps a self-signed root in a folder: <c>ca-cert.pem</c> and <c>ca-key.pem</c> (the signing root, the
/// key readable by the owner only) and <c>root-cert.pem</c> (the trust bundle: the current root and any
/// earlier ones still trusted during a rotation). Created on first start and loaded afterwards; an existing
/// key is never overwritten.
/// </summary>
internal static class SelfSignedRootStore
{
    public const string CertificateFile = "ca-cert.pem";
    public const string KeyFile = "ca-key.pem";
    public const string BundleFile = "root-cert.pem";

    public static CaSigningMaterial LoadOrCreate(string folder, CertificateAuthorityOptions options, TimeProvider time, ILogger logger)
    {
        var certificatePath = Path.Combine(folder, CertificateFile);
        var keyPath = Path.Combine(folder, KeyFile);
        var hasCertificate = File.Exists(certificatePath);
        var hasKey = File.Exists(keyPath);

        if (!hasCertificate && !hasKey)
        {
            PemFiles.EnsurePrivateFolder(folder);
            using var fresh = CreateRoot(options, time);
            try
            {
                Write(folder, fresh, TrustBundle.Create([fresh]), overwrite: false);
            }
            catch (CaConfigurationException) when (File.Exists(certificatePath) && File.Exists(keyPath))
            {
                // Another process created the root between our check and our write: use theirs.
                return Load(folder, time, logger);
            }

            Log.RootCreated(logger, options.KeyAlgorithm, folder, fresh.Subject, fresh.NotAfter.ToUniversalTime(), fresh.Thumbprint);
            return Load(folder, time, logger, quiet: true);
        }

        if (hasCertificate != hasKey)
        {
            var missing = hasCertificate ? keyPath : certificatePath;
            throw new CaConfigurationException(
                $"{missing} is missing while its pair exists; restore it or remove both {CertificateFile} and {KeyFile} to create a new root (workloads will then need new certificates).");
        }

        return Load(folder, time, logger);
    }

    /// <summary>
    /// Replaces the signing root with a new one and keeps the old root (and other unexpired roots) in the
    /// bundle, so certificates issued under the old root verify until they expire.
    /// </summary>
    public static CaSigningMaterial Rotate(string folder, CertificateAuthorityOptions options, TimeProvider time, ILogger logger)
    {
        using var current = Load(folder, time, logger, quiet: true);
        using var fresh = CreateRoot(options, time);
        var bundle = TrustBundle.Create([fresh, .. current.TrustBundle.Roots]).WithoutExpired(time.GetUtcNow());

        // The bundle first: a reader that sees the new root-cert.pem and the old ca-cert.pem still trusts everything.
        PemFiles.WriteAtomically(Path.Combine(folder, BundleFile), bundle.Pem, secret: false, overwrite: true);
        Write(folder, fresh, bundle, overwrite: true);
        var rotated = Load(folder, time, logger, quiet: true);
        Log.RootRotated(logger, folder, rotated.Root.Thumbprint, rotated.Root.NotAfter.ToUniversalTime(), rotated.TrustBundle.Roots.Count);
        return rotated;
    }

    public static X509Certificate2 CreateRoot(CertificateAuthorityOptions options, TimeProvider time)
    {
        using var key = CaKeys.Create(options.KeyAlgorithm);
        var subject = new X500DistinguishedName($"CN=Istiod.Net Root CA, O={options.TrustDomain}");
        var request = CaKeys.NewRequest(subject, key);
        CertificateExtensions.AddCaExtensions(request);
        var now = time.GetUtcNow();
        using var created = request.Create(
            subject,
            X509SignatureGeneratorFor(key),
            now - options.ClockSkewAllowance,
            now + options.RootLifetime,
            CertificateExtensions.RandomSerial());
        return CaKeys.AttachKey(created, key);
    }

    private static X509SignatureGenerator X509SignatureGeneratorFor(AsymmetricAlgorithm key) => key switch
    {
        ECDsa ec => X509SignatureGenerator.CreateForECDsa(ec),
        RSA rsa => X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1),
        _ => throw new ArgumentException("Unsupported key type.", nameof(key)),
    };

    private static void Write(string folder, X509Certificate2 root, TrustBundle bundle, bool overwrite)
    {
        var keyPem = ExportKeyPem(root);

        // Key before certificate: a crash in between leaves a key without certificate, which load reports
        // instead of silently creating a second root.
        PemFiles.WriteAtomically(Path.Combine(folder, KeyFile), keyPem, secret: true, overwrite);
        PemFiles.WriteAtomically(Path.Combine(folder, CertificateFile), root.ExportCertificatePem() + "\n", secret: false, overwrite);
        PemFiles.WriteAtomically(Path.Combine(folder, BundleFile), bundle.Pem, secret: false, overwrite: true);
    }

    internal static string ExportKeyPem(X509Certificate2 certificate)
    {
        using var ec = certificate.GetECDsaPrivateKey();
        if (ec is not null)
        {
            return ec.ExportPkcs8PrivateKeyPem() + "\n";
        }

        using var rsa = certificate.GetRSAPrivateKey() ?? throw new InvalidOperationException("The certificate has no RSA or ECDSA private key.");
        return rsa.ExportPkcs8PrivateKeyPem() + "\n";
    }

    private static CaSigningMaterial Load(string folder, TimeProvider time, ILogger logger, bool quiet = false)
    {
        var certificatePath = Path.Combine(folder, CertificateFile);
        if (!quiet)
        {
            PemFiles.WarnIfNotPrivate(Path.Combine(folder, KeyFile), logger);
        }

        var root = PemFiles.ReadCertificateWithKey(certificatePath, Path.Combine(folder, KeyFile));
        if (root.SubjectName.RawData.AsSpan().SequenceEqual(root.IssuerName.RawData) is false)
        {
            throw new CaConfigurationException(
                $"{certificatePath}: '{root.Subject}' is not self-signed (issuer '{root.Issuer}'); put a CA signed by another root in a cacerts folder instead.");
        }

        var now = time.GetUtcNow();
        if (root.NotAfter.ToUniversalTime() <= now.UtcDateTime)
        {
            throw new CaConfigurationException(
                $"{certificatePath}: the root expired on {root.NotAfter.ToUniversalTime():O}; rotate it (a new root replaces it and every workload needs new certificates).");
        }

        var bundlePath = Path.Combine(folder, BundleFile);
        var others = File.Exists(bundlePath) ? PemFiles.ReadCertificates(bundlePath) : [];
        var bundle = TrustBundle.Create([root, .. others]).WithoutExpired(now);
        var material = CaSigningMaterial.Create(root, [], root, bundle, folder);
        if (!quiet)
        {
            Log.RootLoaded(logger, folder, root.Subject, root.NotAfter.ToUniversalTime(), root.Thumbprint, bundle.Roots.Count);
        }

        return material;
    }
}
