using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Istiod.Net.Security;
using Istiod.Net.Security.Ca;

namespace Istiod.Net.Tests.Security;

/// <summary>A plugged-in CA: a root made elsewhere, an intermediate (or two) signing for the mesh.</summary>
public sealed class CacertsTests
{
    private static readonly SpiffeIdentity Sleep = new("cluster.local", "default", "sleep");
    private TempFolder _folder = null!;

    [SetUp]
    public void SetUp() => _folder = new TempFolder();

    [TearDown]
    public void TearDown() => _folder.Dispose();

    [Test]
    public void SignsWithTheIntermediateAndReturnsTheWholeChain()
    {
        using var root = MakeCa("CN=Corp Root", issuer: null);
        using var intermediate = MakeCa("CN=Mesh Intermediate", root);
        var cacerts = WriteCacerts(intermediate, chain: [intermediate, root], roots: [root]);

        using var ca = CertificateAuthority.Create(new CertificateAuthorityOptions { CacertsFolder = cacerts });
        var issued = ca.SignCsr(TestCsrs.CreateEc(), Sleep);

        Assert.That(issued.Chain.Select(c => c.Subject), Is.EqualTo(new[] { string.Empty, "CN=Mesh Intermediate", "CN=Corp Root" }));
        Assert.That(issued.Leaf.Issuer, Is.EqualTo("CN=Mesh Intermediate"));
        var (exit, output) = OpenSsl.Verify(_folder.Path, root.ExportCertificatePem(), issued.ChainPem.Skip(1).Take(1), issued.ChainPem[0]);
        Assert.That(exit, Is.Zero, output);

        // Without the intermediate the leaf must not verify: the chain really goes through it.
        (exit, _) = OpenSsl.Verify(_folder.Path, root.ExportCertificatePem(), [], issued.ChainPem[0]);
        Assert.That(exit, Is.Not.Zero);
    }

    [TestCase(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, true)]
    [TestCase(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, true)]
    [TestCase(UnixFileMode.UserRead | UnixFileMode.UserWrite, false)]
    [TestCase(UnixFileMode.UserRead, false)]
    public void ACaKeyReadableByOthersIsLoadedWithAWarning(UnixFileMode mode, bool warned)
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("Unix file modes only");
            return;
        }

        using var root = MakeCa("CN=Corp Root", issuer: null);
        var cacerts = WriteCacerts(root, chain: [], roots: [root]);
        var key = Path.Combine(cacerts, "ca-key.pem");
        File.SetUnixFileMode(key, mode);
        var logger = new Istiod.Net.Tests.Config.Sources.File.RecordingLogger<CertificateAuthority>();

        using var ca = CertificateAuthority.Create(new CertificateAuthorityOptions { CacertsFolder = cacerts }, logger);

        var warnings = logger.Entries.Where(e => e.Id.Id == 9210).ToList();
        Assert.That(warnings, warned ? Has.Count.EqualTo(1) : Is.Empty);
        if (warned)
        {
            Assert.That(warnings[0].Level, Is.EqualTo(Microsoft.Extensions.Logging.LogLevel.Warning));
            Assert.That(warnings[0].Message, Does.Contain(key).And.Contain("chmod 600"));
        }
    }

    [Test]
    public void TwoIntermediatesAreReturnedInOrder()
    {
        using var root = MakeCa("CN=Corp Root", issuer: null);
        using var middle = MakeCa("CN=Region CA", root);
        using var signing = MakeCa("CN=Cluster CA", middle);

        // cert-chain.pem in any order: the CA orders by the verified path, not by the file.
        var cacerts = WriteCacerts(signing, chain: [root, signing, middle], roots: [root]);

        using var ca = CertificateAuthority.Create(new CertificateAuthorityOptions { CacertsFolder = cacerts });
        var issued = ca.SignCsr(TestCsrs.CreateEc(), Sleep);

        Assert.That(issued.Chain.Skip(1).Select(c => c.Subject), Is.EqualTo(new[] { "CN=Cluster CA", "CN=Region CA", "CN=Corp Root" }));
        var (exit, output) = OpenSsl.Verify(_folder.Path, root.ExportCertificatePem(), issued.ChainPem.Skip(1).SkipLast(1), issued.ChainPem[0]);
        Assert.That(exit, Is.Zero, output);
    }

    [Test]
    public void TrustBundleHoldsEveryRootOfRootCertPem()
    {
        using var oldRoot = MakeCa("CN=Old Root", issuer: null);
        using var newRoot = MakeCa("CN=New Root", issuer: null);
        using var intermediate = MakeCa("CN=Mesh Intermediate", newRoot);
        var cacerts = WriteCacerts(intermediate, chain: [intermediate, newRoot], roots: [oldRoot, newRoot]);

        using var ca = CertificateAuthority.Create(new CertificateAuthorityOptions { CacertsFolder = cacerts });

        Assert.That(ca.TrustBundle.Roots.Select(r => r.Subject), Is.EqualTo(new[] { "CN=Old Root", "CN=New Root" }));
        var issued = ca.SignCsr(TestCsrs.CreateEc(), Sleep);
        Assert.That(issued.Chain[^1].Subject, Is.EqualTo("CN=New Root"), "the chain ends at the root it really chains to");
    }

    [Test]
    public void CaCertThatIsTheRootItselfNeedsNoChainFile()
    {
        using var root = MakeCa("CN=Only Root", issuer: null);
        var cacerts = WriteCacerts(root, chain: [], roots: [root]);

        using var ca = CertificateAuthority.Create(new CertificateAuthorityOptions { CacertsFolder = cacerts });
        var issued = ca.SignCsr(TestCsrs.CreateEc(), Sleep);

        Assert.That(issued.Chain, Has.Count.EqualTo(2));
        var (exit, output) = OpenSsl.Verify(_folder.Path, root.ExportCertificatePem(), [], issued.ChainPem[0]);
        Assert.That(exit, Is.Zero, output);
    }

    [Test]
    public void IntermediateFromAnotherRootIsReported()
    {
        using var root = MakeCa("CN=Corp Root", issuer: null);
        using var stranger = MakeCa("CN=Stranger Root", issuer: null);
        using var intermediate = MakeCa("CN=Mesh Intermediate", root);
        var cacerts = WriteCacerts(intermediate, chain: [intermediate], roots: [stranger]);

        var e = Assert.Throws<CaConfigurationException>(() => CertificateAuthority.Create(new CertificateAuthorityOptions { CacertsFolder = cacerts }));
        Assert.That(e!.Message, Does.Contain("does not chain to a root in root-cert.pem"));
    }

    [Test]
    public void MissingFileIsNamed()
    {
        using var root = MakeCa("CN=Corp Root", issuer: null);
        var cacerts = WriteCacerts(root, chain: [], roots: [root]);
        File.Delete(Path.Combine(cacerts, "ca-key.pem"));

        var e = Assert.Throws<CaConfigurationException>(() => CertificateAuthority.Create(new CertificateAuthorityOptions { CacertsFolder = cacerts }));
        Assert.That(e!.Message, Does.Contain("ca-key.pem is missing"));
    }

    [Test]
    public void NonCaSigningCertificateIsRefused()
    {
        using var root = MakeCa("CN=Corp Root", issuer: null);
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Not a CA", leafKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        using var leafOnly = SignedBy(request, root, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        using var leaf = leafOnly.CopyWithPrivateKey(leafKey);
        var cacerts = WriteCacerts(leaf, chain: [leaf, root], roots: [root]);

        var e = Assert.Throws<CaConfigurationException>(() => CertificateAuthority.Create(new CertificateAuthorityOptions { CacertsFolder = cacerts }));
        Assert.That(e!.Message, Does.Contain("is not a CA certificate"));
    }

    /// <summary>A CA certificate with key: self-signed RSA root when <paramref name="issuer"/> is null, else an EC intermediate.</summary>
    private static X509Certificate2 MakeCa(string subject, X509Certificate2? issuer)
    {
        var now = DateTimeOffset.UtcNow;
        if (issuer is null)
        {
            using var rsa = RSA.Create(2048);
            var rootRequest = new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            AddCaExtensions(rootRequest);
            return rootRequest.CreateSelfSigned(now.AddDays(-1), now.AddYears(5));
        }

        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, ec, HashAlgorithmName.SHA256);
        AddCaExtensions(request);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        using var signed = SignedBy(request, issuer, now.AddDays(-1), now.AddYears(2));
        return signed.CopyWithPrivateKey(ec);
    }

    // The generator overload lets an RSA root sign an EC intermediate.
    private static X509Certificate2 SignedBy(CertificateRequest request, X509Certificate2 issuer, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var rsa = issuer.GetRSAPrivateKey();
        using var ec = rsa is null ? issuer.GetECDsaPrivateKey() : null;
        var generator = rsa is not null ? X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1) : X509SignatureGenerator.CreateForECDsa(ec!);
        return request.Create(issuer.SubjectName, generator, notBefore, notAfter, RandomNumberGenerator.GetBytes(8));
    }

    private static void AddCaExtensions(CertificateRequest request)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
    }

    private string WriteCacerts(X509Certificate2 signing, X509Certificate2[] chain, X509Certificate2[] roots)
    {
        var folder = _folder.File("cacerts");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "ca-cert.pem"), signing.ExportCertificatePem());

        // Traditional "EC PRIVATE KEY" / "RSA PRIVATE KEY" forms, as openssl-made cacerts often hold.
        var keyPem = signing.GetECDsaPrivateKey() is { } ec ? ec.ExportECPrivateKeyPem() : signing.GetRSAPrivateKey()!.ExportRSAPrivateKeyPem();
        File.WriteAllText(Path.Combine(folder, "ca-key.pem"), keyPem);
        if (chain.Length > 0)
        {
            File.WriteAllText(Path.Combine(folder, "cert-chain.pem"), string.Join("\n", chain.Select(c => c.ExportCertificatePem())));
        }

        File.WriteAllText(Path.Combine(folder, "root-cert.pem"), string.Join("\n", roots.Select(c => c.ExportCertificatePem())));
        return folder;
    }
}
