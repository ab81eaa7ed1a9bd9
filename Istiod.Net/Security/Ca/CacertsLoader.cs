using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace Istiod.Net.Security.Ca;

/// <summary>
/// Loads a plugged-in CA in Istio's <c>cacerts</c> layout: <c>ca-cert.pem</c> and <c>ca-key.pem</c> (the
/// certificate that signs workloads and its key), <c>cert-chain.pem</c> (from ca-cert up to the root;
/// may be absent when ca-cert is the root itself) and <c>root-cert.pem</c> (one or more trusted roots).
/// The chain is verified at load so a wrong file is reported at start, not by every workload later.
/// </summary>
internal static class CacertsLoader
{
    public const string CertificateFile = "ca-cert.pem";
    public const string KeyFile = "ca-key.pem";
    public const string ChainFile = "cert-chain.pem";
    public const string RootFile = "root-cert.pem";

    public static bool LooksLikeCacerts(string folder) =>
        File.Exists(Path.Combine(folder, CertificateFile)) && File.Exists(Path.Combine(folder, RootFile));

    public static CaSigningMaterial Load(string folder, TimeProvider time, ILogger logger)
    {
        if (!Directory.Exists(folder))
        {
            throw new CaConfigurationException($"{folder}: the cacerts folder does not exist.");
        }

        foreach (var required in new[] { CertificateFile, KeyFile, RootFile })
        {
            if (!File.Exists(Path.Combine(folder, required)))
            {
                throw new CaConfigurationException(
                    $"{Path.Combine(folder, required)} is missing; a cacerts folder holds {CertificateFile}, {KeyFile}, {RootFile} and usually {ChainFile}.");
            }
        }

        var certificatePath = Path.Combine(folder, CertificateFile);
        PemFiles.WarnIfNotPrivate(Path.Combine(folder, KeyFile), logger);
        var signing = PemFiles.ReadCertificateWithKey(certificatePath, Path.Combine(folder, KeyFile));
        var roots = PemFiles.ReadCertificates(Path.Combine(folder, RootFile));
        var chainPath = Path.Combine(folder, ChainFile);
        var chainFile = File.Exists(chainPath) && new FileInfo(chainPath).Length > 0 ? PemFiles.ReadCertificates(chainPath) : [];
        return Assemble(signing, chainFile, roots, folder, time, logger);
    }

    /// <summary>The same layout given as PEM text (e.g. the keys of a Kubernetes Secret); <paramref name="source"/> names it in errors.</summary>
    public static CaSigningMaterial FromPem(CaPemBundle pem, string source, TimeProvider time, ILogger logger)
    {
        var certificate = PemFiles.ParseCertificates(pem.CaCertPem, $"{source} {CertificateFile}")[0];
        var signing = PemFiles.CertificateWithKey(certificate, pem.CaKeyPem, $"{source} {CertificateFile}", $"{source} {KeyFile}");
        var roots = PemFiles.ParseCertificates(pem.RootCertPem, $"{source} {RootFile}");
        var chain = string.IsNullOrWhiteSpace(pem.CertChainPem) ? [] : PemFiles.ParseCertificates(pem.CertChainPem, $"{source} {ChainFile}");
        return Assemble(signing, chain, roots, source, time, logger);
    }

    private static CaSigningMaterial Assemble(
        X509Certificate2 signing, List<X509Certificate2> chainFile, List<X509Certificate2> roots, string folder, TimeProvider time, ILogger logger)
    {
        var now = time.GetUtcNow();
        var path = BuildPath(signing, chainFile, roots, now, folder);
        var bundle = TrustBundle.Create(roots).WithoutExpired(now);
        var material = CaSigningMaterial.Create(signing, path.Skip(1).Take(path.Count - 2).ToList(), path[^1], bundle, folder);
        Log.CacertsLoaded(
            logger, folder, signing.Subject, signing.NotAfter.ToUniversalTime(), material.Intermediates.Count, material.Root.Subject, bundle.Roots.Count);
        return material;
    }

    /// <summary>The verified path from the signing certificate to one of the roots, both ends included.</summary>
    private static List<X509Certificate2> BuildPath(
        X509Certificate2 signing, IReadOnlyList<X509Certificate2> chainFile, IReadOnlyList<X509Certificate2> roots, DateTimeOffset now, string folder)
    {
        if (roots.Any(r => r.RawDataMemory.Span.SequenceEqual(signing.RawDataMemory.Span)))
        {
            return [signing, signing];
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots.ToArray());
        chain.ChainPolicy.ExtraStore.AddRange(chainFile.ToArray());
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;

        if (!chain.Build(signing))
        {
            var problems = chain.ChainElements
                .SelectMany(e => e.ChainElementStatus.Select(s => $"'{e.Certificate.Subject}': {s.StatusInformation.Trim()}"))
                .Concat(chain.ChainStatus.Select(s => s.StatusInformation.Trim()))
                .Distinct();
            throw new CaConfigurationException(
                $"{Path.Combine(folder, CertificateFile)} does not chain to a root in {RootFile} (using {ChainFile} for intermediates): {string.Join("; ", problems)}");
        }

        var path = new List<X509Certificate2> { signing };
        path.AddRange(chain.ChainElements.Skip(1).Select(e => CaSigningMaterial.PublicCopy(e.Certificate)));
        return path;
    }
}
