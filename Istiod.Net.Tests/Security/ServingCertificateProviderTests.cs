using Istiod.Net.Security.Ca;

namespace Istiod.Net.Tests.Security;

public sealed class ServingCertificateProviderTests
{
    [Test]
    public void RenewsAfterHalfTheLifetime()
    {
        var time = new FixedTimeProvider();
        using var ca = CertificateAuthority.Create(new CertificateAuthorityOptions(), time: time);
        var provider = new ServingCertificateProvider(ca, CertificateAuthority.ControlPlaneNames("istio-system"), TimeSpan.FromHours(24), time);
        var first = provider.GetCertificate();

        time.Now += TimeSpan.FromHours(11);
        var beforeHalf = provider.GetCertificate();
        time.Now += TimeSpan.FromHours(2);
        var afterHalf = provider.GetCertificate();

        Assert.That(beforeHalf, Is.SameAs(first));
        Assert.That(afterHalf.SerialNumber, Is.Not.EqualTo(first.SerialNumber));
        Assert.That(afterHalf.NotAfter.ToUniversalTime(), Is.EqualTo((time.Now + TimeSpan.FromHours(24)).UtcDateTime));
    }

    [Test]
    public void RenewsUnderTheNewRootAfterARotation()
    {
        using var ca = CertificateAuthority.Create(new CertificateAuthorityOptions());
        var provider = new ServingCertificateProvider(ca, ["istiod.istio-system.svc"]);
        var before = provider.GetCertificate();

        ca.RotateSelfSignedRoot();
        var after = provider.GetCertificate();

        Assert.That(after.Issuer, Is.EqualTo(before.Issuer), "same subject name, new key");
        Assert.That(after.SerialNumber, Is.Not.EqualTo(before.SerialNumber));
        Assert.That(provider.Current.IssuerChain[^1].Thumbprint, Is.EqualTo(ca.TrustBundle.Roots[0].Thumbprint));
    }
}
