using Istiod.Net.Security;
using Istiod.Net.Security.Ca;

namespace Istiod.Net.Tests.Security;

public sealed class SelfSignedRootStoreTests
{
    private static readonly SpiffeIdentity Sleep = new("cluster.local", "default", "sleep");
    private TempFolder _folder = null!;

    [SetUp]
    public void SetUp() => _folder = new TempFolder();

    [TearDown]
    public void TearDown() => _folder.Dispose();

    private string RootFolder => _folder.File("ca");

    [Test]
    public void AGroupReadableCaKeyIsLoadedWithAWarningAndCreationAndLoadingAreLogged()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("Unix file modes only");
            return;
        }

        var options = new CertificateAuthorityOptions { RootFolder = RootFolder };
        var created = new Istiod.Net.Tests.Config.Sources.File.RecordingLogger<CertificateAuthority>();
        using (CertificateAuthority.Create(options, created))
        {
        }

        var key = Path.Combine(RootFolder, "ca-key.pem");
        File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        var loaded = new Istiod.Net.Tests.Config.Sources.File.RecordingLogger<CertificateAuthority>();
        using var ca = CertificateAuthority.Create(options, loaded);

        Assert.Multiple(() =>
        {
            Assert.That(created.Entries.Select(e => e.Id.Id), Has.Member(5000).And.No.Member(9210), "a key the CA wrote itself is 0600");
            Assert.That(loaded.Entries.Select(e => e.Id.Id), Has.Member(5001));
            Assert.That(loaded.Entries.Single(e => e.Id.Id == 9210).Message, Does.Contain(key).And.Contain("0640"));
        });
    }

    [TestCase(CaKeyAlgorithm.EcdsaP256)]
    [TestCase(CaKeyAlgorithm.Rsa2048)]
    public void RootIsCreatedOnFirstStartAndLoadedAfter(CaKeyAlgorithm algorithm)
    {
        var options = new CertificateAuthorityOptions { RootFolder = RootFolder, KeyAlgorithm = algorithm };
        IssuedCertificate issuedByFirst;
        string firstRoot;
        using (var first = CertificateAuthority.Create(options))
        {
            issuedByFirst = first.SignCsr(TestCsrs.CreateEc(), Sleep);
            firstRoot = first.TrustBundle.Roots[0].Thumbprint;
        }

        Assert.That(File.Exists(Path.Combine(RootFolder, "ca-cert.pem")), Is.True);
        Assert.That(File.ReadAllText(Path.Combine(RootFolder, "ca-key.pem")), Does.StartWith("-----BEGIN PRIVATE KEY-----"));

        using var second = CertificateAuthority.Create(options);
        Assert.That(second.TrustBundle.Roots.Select(r => r.Thumbprint), Is.EqualTo(new[] { firstRoot }));

        // A certificate from before the restart verifies under the reloaded root, and new ones too.
        var (exit, output) = OpenSsl.Verify(_folder.Path, second.TrustBundle.Pem, [], issuedByFirst.ChainPem[0]);
        Assert.That(exit, Is.Zero, output);
        var issuedBySecond = second.SignCsr(TestCsrs.CreateEc(), Sleep);
        Assert.That(issuedBySecond.Chain[^1].Thumbprint, Is.EqualTo(firstRoot));
    }

    [Test]
    public void RootKeyIsReadableByTheOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("Unix file modes only");
            return;
        }

        using var ca = CertificateAuthority.Create(new CertificateAuthorityOptions { RootFolder = RootFolder });

        var mode = File.GetUnixFileMode(Path.Combine(RootFolder, "ca-key.pem"));
        Assert.That(mode, Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
    }

    [Test]
    public void RootCertificateIsACaThatOpenSslAccepts()
    {
        using var ca = CertificateAuthority.Create(new CertificateAuthorityOptions { RootFolder = RootFolder, TrustDomain = "example.org" });

        var root = ca.TrustBundle.Roots[0];
        var text = OpenSsl.Text(_folder.Path, root);
        Assert.That(text, Does.Contain("CA:TRUE"));
        Assert.That(text, Does.Contain("Certificate Sign, CRL Sign"));
        Assert.That(root.Subject, Does.Contain("O=example.org"));
        var (exit, output) = OpenSsl.Verify(_folder.Path, ca.TrustBundle.Pem, [], ca.TrustBundle.Pem);
        Assert.That(exit, Is.Zero, output);
    }

    [Test]
    public void MissingKeyBesideAnExistingCertificateIsReportedNotReplaced()
    {
        using (CertificateAuthority.Create(new CertificateAuthorityOptions { RootFolder = RootFolder }))
        {
        }

        var certificateBefore = File.ReadAllText(Path.Combine(RootFolder, "ca-cert.pem"));
        File.Delete(Path.Combine(RootFolder, "ca-key.pem"));

        var e = Assert.Throws<CaConfigurationException>(() => CertificateAuthority.Create(new CertificateAuthorityOptions { RootFolder = RootFolder }));
        Assert.That(e!.Message, Does.Contain("ca-key.pem is missing"));
        Assert.That(File.ReadAllText(Path.Combine(RootFolder, "ca-cert.pem")), Is.EqualTo(certificateBefore));
    }

    [Test]
    public void KeyThatDoesNotMatchTheCertificateIsReported()
    {
        var other = _folder.File("other");
        using (CertificateAuthority.Create(new CertificateAuthorityOptions { RootFolder = RootFolder }))
        using (CertificateAuthority.Create(new CertificateAuthorityOptions { RootFolder = other }))
        {
        }

        File.Copy(Path.Combine(other, "ca-key.pem"), Path.Combine(RootFolder, "ca-key.pem"), overwrite: true);

        var e = Assert.Throws<CaConfigurationException>(() => CertificateAuthority.Create(new CertificateAuthorityOptions { RootFolder = RootFolder }));
        Assert.That(e!.Message, Does.Contain("ca-key.pem"));
    }

    [Test]
    public void GarbageCertificateFileIsReportedByName()
    {
        Directory.CreateDirectory(RootFolder);
        File.WriteAllText(Path.Combine(RootFolder, "ca-cert.pem"), "hello");
        File.WriteAllText(Path.Combine(RootFolder, "ca-key.pem"), "hello");

        var e = Assert.Throws<CaConfigurationException>(() => CertificateAuthority.Create(new CertificateAuthorityOptions { RootFolder = RootFolder }));
        Assert.That(e!.Message, Does.Contain("ca-cert.pem").And.Contain("no PEM 'CERTIFICATE' block"));
    }

    [Test]
    public void BadTrustDomainIsAConfigurationError()
    {
        var e = Assert.Throws<CaConfigurationException>(() => CertificateAuthority.Create(new CertificateAuthorityOptions { TrustDomain = "bad/domain" }));
        Assert.That(e!.Message, Does.Contain("TrustDomain"));
    }
}
