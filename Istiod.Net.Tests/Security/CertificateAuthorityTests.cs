using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Istiod.Net.Security;
using Istiod.Net.Security.Ca;

namespace Istiod.Net.Tests.Security;

public sealed class CertificateAuthorityTests
{
    private static readonly SpiffeIdentity Sleep = new("cluster.local", "default", "sleep");

    private FixedTimeProvider _time = null!;
    private CertificateAuthority _ca = null!;
    private TempFolder _folder = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FixedTimeProvider();
        _ca = CertificateAuthority.Create(new CertificateAuthorityOptions(), time: _time);
        _folder = new TempFolder();
    }

    [TearDown]
    public void TearDown()
    {
        _ca.Dispose();
        _folder.Dispose();
    }

    [Test]
    public void IssuedChainVerifiesWithOpenSsl()
    {
        var issued = _ca.SignCsr(TestCsrs.CreateEc(), Sleep);

        var (exit, output) = OpenSsl.Verify(_folder.Path, _ca.TrustBundle.Pem, issued.ChainPem.Skip(1), issued.ChainPem[0], purpose: "sslclient");
        Assert.That(exit, Is.Zero, output);
        (exit, output) = OpenSsl.Verify(_folder.Path, _ca.TrustBundle.Pem, issued.ChainPem.Skip(1), issued.ChainPem[0], purpose: "sslserver");
        Assert.That(exit, Is.Zero, output);
    }

    [Test]
    public void ChainIsLeafThenRoot()
    {
        var issued = _ca.SignCsr(TestCsrs.CreateEc(), Sleep);

        Assert.That(issued.Chain, Has.Count.EqualTo(2));
        Assert.That(issued.Chain[0].Issuer, Is.EqualTo(issued.Chain[1].Subject));
        Assert.That(issued.Chain[1].Thumbprint, Is.EqualTo(_ca.TrustBundle.Roots[0].Thumbprint));
        Assert.That(issued.ChainPem[0], Does.StartWith("-----BEGIN CERTIFICATE-----"));
    }

    [Test]
    public void SanIsExactlyTheGivenIdentityEvenWhenTheCsrAsksForAnother()
    {
        var csr = TestCsrs.CreateEc("spiffe://cluster.local/ns/istio-system/sa/istiod");

        var issued = _ca.SignCsr(csr, Sleep);

        Assert.That(CertificateSans.Uris(issued.Leaf), Is.EqualTo(new[] { "spiffe://cluster.local/ns/default/sa/sleep" }));
        var san = issued.Leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.That(san.EnumerateDnsNames(), Is.Empty, "the CSR's DNS SAN must not be copied");
        Assert.That(san.Critical, Is.True, "an empty subject requires a critical SAN");
        Assert.That(issued.Leaf.Subject, Is.Empty, "the CSR's subject must not be copied");
        var constraints = issued.Leaf.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        Assert.That(constraints.CertificateAuthority, Is.False, "the CSR asked to be a CA");
    }

    [Test]
    public void DefaultLifetimeIs24Hours()
    {
        var issued = _ca.SignCsr(TestCsrs.CreateEc(), Sleep);

        Assert.That(issued.NotAfter, Is.EqualTo(_time.Now + TimeSpan.FromHours(24)));
        Assert.That(issued.Leaf.NotBefore.ToUniversalTime(), Is.EqualTo((_time.Now - TimeSpan.FromMinutes(1)).UtcDateTime));
    }

    [Test]
    public void LongerLifetimeIsCappedAt90Days()
    {
        var issued = _ca.SignCsr(TestCsrs.CreateEc(), Sleep, TimeSpan.FromDays(400));

        Assert.That(issued.NotAfter, Is.EqualTo(_time.Now + TimeSpan.FromDays(90)));
    }

    [Test]
    public void ShorterLifetimeIsGranted()
    {
        var issued = _ca.SignCsr(TestCsrs.CreateEc(), Sleep, TimeSpan.FromMinutes(10));

        Assert.That(issued.NotAfter, Is.EqualTo(_time.Now + TimeSpan.FromMinutes(10)));
    }

    [Test]
    public void NegativeLifetimeIsRejected()
    {
        var e = Assert.Throws<CsrRejectedException>(() => _ca.SignCsr(TestCsrs.CreateEc(), Sleep, TimeSpan.FromSeconds(-5)));
        Assert.That(e!.Message, Does.Contain("negative"));
    }

    [Test]
    public void LeafNeverOutlivesItsIssuer()
    {
        using var ca = CertificateAuthority.Create(
            new CertificateAuthorityOptions { RootLifetime = TimeSpan.FromDays(100), MaxWorkloadCertificateLifetime = TimeSpan.FromDays(90) }, time: _time);
        _time.Now += TimeSpan.FromDays(95);

        var issued = ca.SignCsr(TestCsrs.CreateEc(), Sleep, TimeSpan.FromDays(30));

        Assert.That(issued.Leaf.NotAfter, Is.EqualTo(ca.TrustBundle.Roots[0].NotAfter));
    }

    [Test]
    public void EcLeafHasDigitalSignatureAndBothExtendedUsages()
    {
        var issued = _ca.SignCsr(TestCsrs.CreateEc(), Sleep);

        var usage = issued.Leaf.Extensions.OfType<X509KeyUsageExtension>().Single();
        Assert.That(usage.KeyUsages, Is.EqualTo(X509KeyUsageFlags.DigitalSignature));
        Assert.That(usage.Critical, Is.True);
        AssertExtendedUsages(issued.Leaf);
    }

    [Test]
    public void RsaLeafAlsoHasKeyEncipherment()
    {
        using var rsa = RSA.Create(2048);

        var issued = _ca.SignCsr(TestCsrs.Create(rsa), Sleep);

        var usage = issued.Leaf.Extensions.OfType<X509KeyUsageExtension>().Single();
        Assert.That(usage.KeyUsages, Is.EqualTo(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment));
        AssertExtendedUsages(issued.Leaf);
    }

    [Test]
    public void OpenSslReadsTheExtensionsAsIntended()
    {
        var issued = _ca.SignCsr(TestCsrs.CreateEc(), Sleep);

        var text = OpenSsl.Text(_folder.Path, issued.Leaf);
        Assert.That(text, Does.Contain("CA:FALSE"));
        Assert.That(text, Does.Contain("TLS Web Server Authentication, TLS Web Client Authentication"));
        Assert.That(text, Does.Contain("URI:spiffe://cluster.local/ns/default/sa/sleep"));
        Assert.That(text, Does.Contain("X509v3 Authority Key Identifier"));
    }

    [Test]
    public void AuthorityKeyIdentifierIsTheIssuersSubjectKeyIdentifier()
    {
        var issued = _ca.SignCsr(TestCsrs.CreateEc(), Sleep);

        var aki = issued.Leaf.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().Single();
        var rootSki = issued.Chain[^1].Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single();
        Assert.That(aki.KeyIdentifier?.ToArray(), Is.EqualTo(rootSki.SubjectKeyIdentifierBytes.ToArray()));
    }

    [Test]
    public void SerialsAreRandomAndPositive()
    {
        var serials = Enumerable.Range(0, 20).Select(_ => _ca.SignCsr(TestCsrs.CreateEc(), Sleep).Leaf.SerialNumberBytes.ToArray()).ToList();

        Assert.That(serials.Select(Convert.ToHexString).Distinct().Count(), Is.EqualTo(20));

        // SerialNumberBytes is big-endian: a clear top bit of the first byte means a positive serial.
        Assert.That(serials.All(s => s.Length == 16 && (s[0] & 0x80) == 0), Is.True);
    }

    [TestCase("")]
    [TestCase("not a csr")]
    [TestCase("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----")]
    [TestCase("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----")]
    public void MalformedCsrIsRejectedWithAMessage(string csr)
    {
        var e = Assert.Throws<CsrRejectedException>(() => _ca.SignCsr(csr, Sleep));
        Assert.That(e!.Message, Does.Contain("CSR"));
    }

    [Test]
    public void CsrWithABrokenSignatureIsRejected()
    {
        var pem = TestCsrs.CreateEc();
        var der = Convert.FromBase64String(string.Concat(pem.Split('\n').Where(l => !l.StartsWith("-----", StringComparison.Ordinal))));

        // The last byte belongs to the signature.
        der[^1] ^= 0x01;
        var tampered = PemEncoding.WriteString("CERTIFICATE REQUEST", der);

        var e = Assert.Throws<CsrRejectedException>(() => _ca.SignCsr(tampered, Sleep));
        Assert.That(e!.Message, Does.Contain("signature"));
    }

    [Test]
    public void WeakRsaKeyIsRejected()
    {
        using var rsa = RSA.Create(1024);

        var e = Assert.Throws<CsrRejectedException>(() => _ca.SignCsr(TestCsrs.Create(rsa), Sleep));
        Assert.That(e!.Message, Does.Contain("1024"));
    }

    [Test]
    public void IdentityFromAnotherTrustDomainIsRefused()
    {
        Assert.Throws<ArgumentException>(() => _ca.SignCsr(TestCsrs.CreateEc(), new SpiffeIdentity("other.domain", "default", "sleep")));
    }

    [TestCase(CaKeyAlgorithm.EcdsaP256)]
    [TestCase(CaKeyAlgorithm.Rsa2048)]
    public void IssuedKeyMatchesItsCertificateAndVerifies(CaKeyAlgorithm algorithm)
    {
        var issued = _ca.IssueKeyAndCertificate(Sleep, keyAlgorithm: algorithm);

        using var withKey = issued.CreateCertificateWithKey();
        Assert.That(withKey.HasPrivateKey, Is.True);
        Assert.That(CertificateSans.Uris(withKey), Is.EqualTo(new[] { Sleep.ToString() }));
        File.WriteAllText(_folder.File("key.pem"), issued.PrivateKeyPem);
        File.WriteAllText(_folder.File("cert.pem"), issued.Certificate.ChainPem[0]);

        // openssl agrees the key belongs to the certificate: both yield the same public key.
        var fromKey = OpenSsl.Run(_folder.Path, "pkey", "-in", "key.pem", "-pubout");
        var fromCert = OpenSsl.Run(_folder.Path, "x509", "-in", "cert.pem", "-noout", "-pubkey");
        Assert.That(fromKey.ExitCode, Is.Zero, fromKey.Output);
        Assert.That(fromKey.Output, Is.EqualTo(fromCert.Output));
        var (exit, output) = OpenSsl.Verify(_folder.Path, _ca.TrustBundle.Pem, [], issued.Certificate.ChainPem[0]);
        Assert.That(exit, Is.Zero, output);
    }

    [Test]
    public void ServingCertificateCoversTheControlPlaneNames()
    {
        var names = CertificateAuthority.ControlPlaneNames("istio-system", ["istiod.example.com", "10.0.0.7"]);

        using var serving = _ca.IssueServingCertificate(names);

        Assert.That(serving.Certificate.HasPrivateKey, Is.True);
        var san = serving.Certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.That(san.EnumerateDnsNames(), Does.Contain("istiod.istio-system.svc").And.Contain("istiod.example.com"));
        Assert.That(san.EnumerateIPAddresses().Select(a => a.ToString()), Is.EqualTo(new[] { "10.0.0.7" }));
        Assert.That(CertificateSans.Uris(serving.Certificate), Is.Empty);
        var leafPem = serving.Certificate.ExportCertificatePem();
        var (exit, output) = OpenSsl.Verify(_folder.Path, _ca.TrustBundle.Pem, [], leafPem, purpose: "sslserver", hostname: "istiod.istio-system.svc");
        Assert.That(exit, Is.Zero, output);
        (exit, output) = OpenSsl.Verify(_folder.Path, _ca.TrustBundle.Pem, [], leafPem, purpose: "sslserver", hostname: "istiod.other.svc");
        Assert.That(exit, Is.Not.Zero, "a name not asked for must not verify");
        Assert.That(serving.RenewAt, Is.EqualTo(serving.NotBefore + ((serving.NotAfter - serving.NotBefore) / 2)));
    }

    [Test]
    public void ServingCertificateRejectsANameThatIsNotAHost()
    {
        Assert.Throws<ArgumentException>(() => _ca.IssueServingCertificate(["not a host name"]));
    }

    private static void AssertExtendedUsages(X509Certificate2 leaf)
    {
        var eku = leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single();
        Assert.That(
            eku.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value),
            Is.EquivalentTo(new[] { "1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2" }));
    }
}
