using Istiod.Net.Security;
using Istiod.Net.Security.Ca;
using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Tests.Kube;

namespace Istiod.Net.Tests.Security.Ca;

/// <summary>The self-signed root is replaced once less than the grace share of its life is left, and only then.</summary>
public sealed class SelfSignedRootRotatorTests
{
    private static readonly SpiffeIdentity Sleep = new("cluster.local", "default", "sleep");
    private TempFolder _folder = null!;

    [SetUp]
    public void SetUp() => _folder = new TempFolder();

    [TearDown]
    public void TearDown() => _folder.Dispose();

    [Test]
    public void The_root_is_kept_before_the_grace_point_and_replaced_after_it_with_the_old_root_still_trusted()
    {
        var time = new ManualTimeProvider();
        var options = RootRotationClock.Options(rootFolder: _folder.File("ca"));
        using var ca = CertificateAuthority.Create(options, time: time);
        var rotator = new SelfSignedRootRotator(ca, time: time);
        var oldRoot = ca.Root;

        time.Advance(TimeSpan.FromDays(79));
        Assert.That(rotator.IsDue(), Is.False);
        Assert.That(rotator.RotateIfDue(), Is.False, "21 % of its life left: kept");
        Assert.That(ca.Root.Thumbprint, Is.EqualTo(oldRoot.Thumbprint));
        Assert.That(ca.TrustBundle.Roots, Has.Count.EqualTo(1));

        time.Advance(TimeSpan.FromDays(2));
        var before = ca.SignCsr(TestCsrs.CreateEc(), Sleep);
        Assert.That(rotator.RotateIfDue(), Is.True, "19 % left: rotated");
        Assert.That(ca.Root.Thumbprint, Is.Not.EqualTo(oldRoot.Thumbprint));
        Assert.That(ca.TrustBundle.Roots.Select(r => r.Thumbprint), Is.EqualTo(new[] { ca.Root.Thumbprint, oldRoot.Thumbprint }), "new root first, old one kept");
        Assert.That(new DateTimeOffset(ca.Root.NotAfter.ToUniversalTime()), Is.GreaterThan(time.GetUtcNow() + TimeSpan.FromDays(99)), "a full lifetime from now");
        Assert.That(rotator.RotateIfDue(), Is.False, "the new root is not due");

        var after = ca.SignCsr(TestCsrs.CreateEc(), Sleep);
        Assert.That(after.Chain[^1].Thumbprint, Is.EqualTo(ca.Root.Thumbprint), "issued after rotation: chains to the new root");
        foreach (var issued in new[] { before, after })
        {
            var (exit, output) = RootRotationClock.VerifyAt(_folder.Path, ca.TrustBundle.Pem, issued.ChainPem[0], time.GetUtcNow());
            Assert.That(exit, Is.Zero, output);
        }

        var (oldOnly, _) = RootRotationClock.VerifyAt(_folder.Path, oldRoot.ExportCertificatePem(), after.ChainPem[0], time.GetUtcNow());
        Assert.That(oldOnly, Is.Not.Zero, "the new certificate really is under another root");

        // Persisted: a restart signs with the rotated root and still trusts both.
        using var restarted = CertificateAuthority.Create(options, time: time);
        Assert.That(restarted.Root.Thumbprint, Is.EqualTo(ca.Root.Thumbprint));
        Assert.That(restarted.TrustBundle.Roots, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task The_schedule_rotates_once_the_clock_passes_the_grace_point()
    {
        var time = new ManualTimeProvider();
        using var ca = CertificateAuthority.Create(RootRotationClock.Options(rootFolder: _folder.File("ca")), time: time);
        var rotator = new SelfSignedRootRotator(ca, new SelfSignedRootRotatorOptions { CheckInterval = TimeSpan.FromDays(1) }, time);
        var oldRoot = ca.Root.Thumbprint;
        var changes = 0;
        ca.TrustBundleChanged += _ => Interlocked.Increment(ref changes);
        using var stop = new CancellationTokenSource();
        var run = rotator.RunAsync(stop.Token);

        time.Advance(TimeSpan.FromDays(81));
        await KubeTestWait.UntilAsync(() => ca.Root.Thumbprint != oldRoot, "the scheduled rotation");
        Assert.That(ca.TrustBundle.Roots, Has.Count.EqualTo(2));
        Assert.That(Volatile.Read(ref changes), Is.EqualTo(1), "one rotation, announced once");

        await stop.CancelAsync();
        await run.WaitAsync(KubeTestWait.Long);
    }

    [Test]
    public async Task A_plugged_in_cacerts_CA_is_never_rotated()
    {
        var time = new ManualTimeProvider();
        var cacerts = _folder.File("cacerts");
        Directory.CreateDirectory(cacerts);
        using (var source = CertificateAuthority.Create(RootRotationClock.Options(), time: time))
        {
            var pem = source.ExportPem();
            File.WriteAllText(Path.Combine(cacerts, "ca-cert.pem"), pem.CaCertPem);
            File.WriteAllText(Path.Combine(cacerts, "ca-key.pem"), pem.CaKeyPem);
            File.WriteAllText(Path.Combine(cacerts, "root-cert.pem"), pem.RootCertPem);
        }

        using var ca = CertificateAuthority.Create(RootRotationClock.Options(cacertsFolder: cacerts), time: time);
        var rotator = new SelfSignedRootRotator(ca, time: time);
        var root = ca.Root.Thumbprint;
        var files = Directory.GetFiles(cacerts).Order().Select(File.ReadAllText).ToList();
        time.Advance(TimeSpan.FromDays(95));

        Assert.That(rotator.Applies, Is.False);
        Assert.That(rotator.IsDue(), Is.False, "well past the grace point, but the root is not ours to replace");
        Assert.That(rotator.RotateIfDue(), Is.False);
        await rotator.RunAsync(CancellationToken.None).WaitAsync(KubeTestWait.Long);
        Assert.That(ca.Root.Thumbprint, Is.EqualTo(root));
        Assert.That(Directory.GetFiles(cacerts).Order().Select(File.ReadAllText), Is.EqualTo(files), "the cacerts files are untouched");
        Assert.Throws<InvalidOperationException>(() => ca.CreateRotatedPem());
    }

    [Test]
    public void A_disabled_rotator_never_rotates()
    {
        var time = new ManualTimeProvider();
        using var ca = CertificateAuthority.Create(RootRotationClock.Options(), time: time);
        var rotator = new SelfSignedRootRotator(ca, new SelfSignedRootRotatorOptions { Enabled = false }, time);
        time.Advance(TimeSpan.FromDays(95));
        Assert.That(rotator.RotateIfDue(), Is.False);
        Assert.That(ca.TrustBundle.Roots, Has.Count.EqualTo(1));
    }

    [TestCase(0.0)]
    [TestCase(1.0)]
    [TestCase(-0.5)]
    public void A_grace_ratio_outside_zero_to_one_is_refused(double ratio)
    {
        using var ca = CertificateAuthority.Create(RootRotationClock.Options());
        Assert.Throws<CaConfigurationException>(() => _ = new SelfSignedRootRotator(ca, new SelfSignedRootRotatorOptions { GracePeriodRatio = ratio }));
    }
}
