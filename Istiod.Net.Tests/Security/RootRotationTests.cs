using Istiod.Net.Security;
using Istiod.Net.Security.Ca;

namespace Istiod.Net.Tests.Security;

/// <summary>During a root rotation the bundle holds both roots, so certificates under either verify.</summary>
public sealed class RootRotationTests
{
    private static readonly SpiffeIdentity Sleep = new("cluster.local", "default", "sleep");
    private TempFolder _folder = null!;

    [SetUp]
    public void SetUp() => _folder = new TempFolder();

    [TearDown]
    public void TearDown() => _folder.Dispose();

    [Test]
    public void RotatedBundleVerifiesOldAndNewCertificatesAndSurvivesARestart()
    {
        var options = new CertificateAuthorityOptions { RootFolder = _folder.File("ca") };
        using var ca = CertificateAuthority.Create(options);
        var before = ca.SignCsr(TestCsrs.CreateEc(), Sleep);
        var oldRoot = ca.TrustBundle.Roots[0].Thumbprint;
        TrustBundle? announced = null;
        ca.TrustBundleChanged += bundle => announced = bundle;

        ca.RotateSelfSignedRoot();
        var after = ca.SignCsr(TestCsrs.CreateEc(), Sleep);

        Assert.That(ca.TrustBundle.Roots, Has.Count.EqualTo(2));
        Assert.That(announced, Is.SameAs(ca.TrustBundle));
        Assert.That(after.Chain[^1].Thumbprint, Is.Not.EqualTo(oldRoot), "new certificates come from the new root");
        Assert.That(ca.TrustBundle.Roots[0].Thumbprint, Is.EqualTo(after.Chain[^1].Thumbprint), "the signing root comes first");
        foreach (var issued in new[] { before, after })
        {
            var (exit, output) = OpenSsl.Verify(_folder.Path, ca.TrustBundle.Pem, [], issued.ChainPem[0]);
            Assert.That(exit, Is.Zero, output);
        }

        using var restarted = CertificateAuthority.Create(options);
        Assert.That(restarted.TrustBundle.Roots.Select(r => r.Thumbprint), Is.EqualTo(ca.TrustBundle.Roots.Select(r => r.Thumbprint)));
        Assert.That(restarted.SignCsr(TestCsrs.CreateEc(), Sleep).Chain[^1].Thumbprint, Is.EqualTo(after.Chain[^1].Thumbprint));
    }

    [Test]
    public void OnlyTheNewRootVerifiesNewCertificates()
    {
        using var ca = CertificateAuthority.Create(new CertificateAuthorityOptions());
        var oldRootPem = ca.TrustBundle.Pem;

        ca.RotateSelfSignedRoot();
        var after = ca.SignCsr(TestCsrs.CreateEc(), Sleep);

        var (exit, _) = OpenSsl.Verify(_folder.Path, oldRootPem, [], after.ChainPem[0]);
        Assert.That(exit, Is.Not.Zero, "a workload that only trusts the old root cannot verify the new certificate: that is why the bundle holds both");
    }

    [Test]
    public void BundleDropsDuplicatesAndExpiredRoots()
    {
        using var shortLived = CertificateAuthority.Create(new CertificateAuthorityOptions { RootLifetime = TimeSpan.FromDays(100) });
        using var longLived = CertificateAuthority.Create(new CertificateAuthorityOptions());
        var rootA = shortLived.TrustBundle.Roots[0];
        var rootB = longLived.TrustBundle.Roots[0];

        var bundle = TrustBundle.Create([rootA, rootB, rootA]);

        Assert.That(bundle.Roots, Has.Count.EqualTo(2));
        Assert.That(bundle.Pem.Split("BEGIN CERTIFICATE").Length - 1, Is.EqualTo(2));
        Assert.That(bundle.Contains(rootB), Is.True);
        var afterA = new DateTimeOffset(rootA.NotAfter.ToUniversalTime()).AddDays(1);
        Assert.That(bundle.WithoutExpired(afterA).Roots.Select(r => r.Thumbprint), Is.EqualTo(new[] { rootB.Thumbprint }));
        var afterBoth = new DateTimeOffset(rootB.NotAfter.ToUniversalTime()).AddDays(1);
        Assert.That(bundle.WithoutExpired(afterBoth).Roots, Has.Count.EqualTo(2), "all expired: keep the bundle rather than trust nothing");
    }

    [Test]
    public void PluggedInCaIsNotRotatedByTheControlPlane()
    {
        var own = _folder.File("own");
        using (CertificateAuthority.Create(new CertificateAuthorityOptions { RootFolder = own }))
        {
        }

        // A self-signed root is also a valid cacerts layout: ca-cert is the root, no chain file.
        var cacerts = _folder.File("cacerts");
        Directory.CreateDirectory(cacerts);
        File.Copy(Path.Combine(own, "ca-cert.pem"), Path.Combine(cacerts, "ca-cert.pem"));
        File.Copy(Path.Combine(own, "ca-key.pem"), Path.Combine(cacerts, "ca-key.pem"));
        File.Copy(Path.Combine(own, "ca-cert.pem"), Path.Combine(cacerts, "root-cert.pem"));
        using var plugged = CertificateAuthority.Create(new CertificateAuthorityOptions { CacertsFolder = cacerts });

        Assert.Throws<InvalidOperationException>(plugged.RotateSelfSignedRoot);
        Assert.That(plugged.TrustBundle.Roots, Has.Count.EqualTo(1));
    }
}
