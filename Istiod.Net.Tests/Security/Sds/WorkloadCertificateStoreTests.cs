using Istiod.Net.Security;
using Istiod.Net.Security.Ca;
using Istiod.Net.Security.Sds;
using Istiod.Net.Tests.Infrastructure;

namespace Istiod.Net.Tests.Security.Sds;

/// <summary>One key per identity, reused while young, dropped and announced before half-life, never re-issued for nobody.</summary>
public sealed class WorkloadCertificateStoreTests
{
    private static readonly SpiffeIdentity Httpbin = new("cluster.local", "web", "httpbin");
    private static readonly SpiffeIdentity Sleep = new("cluster.local", "default", "sleep");

    private ManualTimeProvider _time = null!;
    private CertificateAuthority _ca = null!;
    private WorkloadCertificateStore _store = null!;
    private List<SpiffeIdentity> _due = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        _ca = CertificateAuthority.Create(
            new CertificateAuthorityOptions { WorkloadCertificateLifetime = TimeSpan.FromHours(10) }, time: _time);
        _store = new WorkloadCertificateStore(_ca, _time);
        _due = [];
        _store.RenewalDue += _due.Add;
    }

    [TearDown]
    public void TearDown()
    {
        _store.Dispose();
        _ca.Dispose();
    }

    [Test]
    public void Same_identity_reuses_its_certificate_while_young_and_another_identity_gets_its_own_key()
    {
        var first = _store.GetOrIssue(Httpbin);
        _time.Advance(TimeSpan.FromHours(3));
        var again = _store.GetOrIssue(Httpbin);
        var other = _store.GetOrIssue(Sleep);

        Assert.That(again, Is.SameAs(first));
        Assert.That(other.Material.PrivateKeyPem, Is.Not.EqualTo(first.Material.PrivateKeyPem));
        Assert.That(other.Identity, Is.EqualTo(Sleep));
        Assert.That(first.Identity, Is.EqualTo(Httpbin));
        Assert.That(_due, Is.Empty);
    }

    [Test]
    public void Renewal_is_announced_before_half_life_and_the_next_request_gets_a_new_key()
    {
        var first = _store.GetOrIssue(Httpbin);
        Assert.That(first.RenewAt, Is.LessThan(first.HalfLife));

        _time.Advance(first.RenewAt - _time.GetUtcNow() - TimeSpan.FromSeconds(1));
        Assert.That(_due, Is.Empty);

        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.That(_due, Is.EqualTo(new[] { Httpbin }));
        Assert.That(_time.GetUtcNow(), Is.LessThan(first.HalfLife));

        var second = _store.GetOrIssue(Httpbin);
        Assert.That(second.Material.Certificate.SerialNumber, Is.Not.EqualTo(first.Material.Certificate.SerialNumber));
        Assert.That(second.Material.PrivateKeyPem, Is.Not.EqualTo(first.Material.PrivateKeyPem));
        Assert.That(second.IssuedAt, Is.GreaterThan(first.IssuedAt));
    }

    [Test]
    public void An_identity_nobody_asks_for_again_leaves_the_store()
    {
        _store.GetOrIssue(Httpbin);
        _time.Advance(TimeSpan.FromHours(30));

        Assert.That(_due, Is.EqualTo(new[] { Httpbin }), "announced once, then not renewed for nobody");
        Assert.That(_store.Count, Is.Zero);
    }

    [Test]
    public void Clear_drops_every_identity_and_their_timers()
    {
        _store.GetOrIssue(Httpbin);
        _store.GetOrIssue(Sleep);

        var dropped = _store.Clear();
        _time.Advance(TimeSpan.FromHours(30));

        Assert.That(dropped, Is.EquivalentTo(new[] { Httpbin, Sleep }));
        Assert.That(_store.Count, Is.Zero);
        Assert.That(_due, Is.Empty);
    }

    [TestCase(0.0)]
    [TestCase(0.5)]
    public void Renewal_at_or_after_half_life_is_refused(double fraction)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new WorkloadCertificateStore(_ca, _time, renewalFraction: fraction));
    }
}
