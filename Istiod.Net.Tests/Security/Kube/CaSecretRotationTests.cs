using System.Text.Json.Nodes;
using Istiod.Net.Kube;
using Istiod.Net.Security;
using Istiod.Net.Security.Ca;
using Istiod.Net.Security.Kube;
using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Tests.Infrastructure.FakeKube;
using Istiod.Net.Tests.Kube;
using Istiod.Net.Tests.Security.Ca;

namespace Istiod.Net.Tests.Security.Kube;

/// <summary>
/// In a cluster the elected replica rotates the root through istio-ca-secret, guarded by its resourceVersion, and the
/// other replicas follow the secret; nobody overwrites a secret that changed under them.
/// </summary>
public sealed class CaSecretRotationTests
{
    private const string Ns = "istio-system";
    private static readonly SpiffeIdentity Sleep = new("cluster.local", "default", "sleep");
    private static readonly LeaderWorkOptions Work = new() { Namespace = Ns, Period = TimeSpan.FromMilliseconds(100), RetryDelay = TimeSpan.FromMilliseconds(50) };
    private TempFolder _folder = null!;

    [SetUp]
    public void SetUp() => _folder = new TempFolder();

    [TearDown]
    public void TearDown() => _folder.Dispose();

    [Test]
    public async Task The_leader_writes_the_rotated_root_into_the_secret_and_a_follower_signs_with_it()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        var time = new ManualTimeProvider();
        using var leaderCa = CertificateAuthority.Create(RootRotationClock.Options(), time: time);
        using var followerCa = CertificateAuthority.Create(RootRotationClock.Options(), time: time);
        server.Create(KubeResourceTypes.Secrets, IstioCaSecret.ToSecret(Ns, leaderCa.ExportPem()));
        var oldRoot = leaderCa.Root;
        using var leaderClient = new KubeClient(server.ClientConfig());
        using var followerClient = new KubeClient(server.ClientConfig());
        var leader = new CaSecretSynchronizer(leaderClient, leaderCa, Work, rotator: new SelfSignedRootRotator(leaderCa, time: time), time: time);
        var follower = new CaSecretSynchronizer(followerClient, followerCa, Work, rotator: new SelfSignedRootRotator(followerCa, time: time), time: time);
        using var stop = new CancellationTokenSource();
        var following = follower.FollowAsync(stop.Token);
        await follower.Loaded.WaitAsync(KubeTestWait.Long);
        Assert.That(followerCa.Root.Thumbprint, Is.EqualTo(oldRoot.Thumbprint), "both replicas share the root of the secret");

        time.Advance(TimeSpan.FromDays(79));
        var version = Version(server);
        Assert.That(await leader.RotateIfDueAsync(CancellationToken.None), Is.False, "not due yet");
        Assert.That(Version(server), Is.EqualTo(version), "the secret is not written");

        time.Advance(TimeSpan.FromDays(2));
        var issuedBefore = followerCa.SignCsr(TestCsrs.CreateEc(), Sleep);
        Assert.That(await leader.RotateIfDueAsync(CancellationToken.None), Is.True);

        var secret = server.Get(KubeResourceTypes.Secrets, Ns, IstioCaSecret.Name)!;
        Assert.That(Version(server), Is.Not.EqualTo(version));
        Assert.That(secret["type"]!.GetValue<string>(), Is.EqualTo(IstioCaSecret.Type));
        var stored = IstioCaSecret.Read(secret, out _)!;
        var newRoot = leaderCa.Root;
        Assert.That(newRoot.Thumbprint, Is.Not.EqualTo(oldRoot.Thumbprint));
        Assert.That(stored.CaCertPem, Is.EqualTo(newRoot.ExportCertificatePem() + "\n"), "the secret holds the root the leader signs with");
        Assert.That(stored.RootCertPem, Is.EqualTo(leaderCa.TrustBundle.Pem));
        Assert.That(leaderCa.TrustBundle.Roots.Select(r => r.Thumbprint), Is.EqualTo(new[] { newRoot.Thumbprint, oldRoot.Thumbprint }));

        // The follower reads the new version: a rotation of the CA it shares, so the old root stays trusted.
        await KubeTestWait.UntilAsync(() => followerCa.Root.Thumbprint == newRoot.Thumbprint, "the follower to sign with the new root");
        Assert.That(followerCa.TrustBundle.Pem, Is.EqualTo(leaderCa.TrustBundle.Pem));
        var issuedAfter = followerCa.SignCsr(TestCsrs.CreateEc(), Sleep);
        Assert.That(issuedAfter.Chain[^1].Thumbprint, Is.EqualTo(newRoot.Thumbprint));
        foreach (var issued in new[] { issuedBefore, issuedAfter })
        {
            var (exit, output) = RootRotationClock.VerifyAt(_folder.Path, followerCa.TrustBundle.Pem, issued.ChainPem[0], time.GetUtcNow());
            Assert.That(exit, Is.Zero, output);
        }

        // A second check finds the new root not due: no further write.
        var rotatedVersion = Version(server);
        Assert.That(await leader.RotateIfDueAsync(CancellationToken.None), Is.False);
        Assert.That(Version(server), Is.EqualTo(rotatedVersion));

        await stop.CancelAsync();
        await following.WaitAsync(KubeTestWait.Long);
    }

    [Test]
    public async Task A_leader_whose_write_conflicts_follows_the_newer_secret_instead_of_overwriting_it()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        var time = new ManualTimeProvider();
        using var staleCa = CertificateAuthority.Create(RootRotationClock.Options(), time: time);
        server.Create(KubeResourceTypes.Secrets, IstioCaSecret.ToSecret(Ns, staleCa.ExportPem()));
        time.Advance(TimeSpan.FromDays(81));

        // Another leader (a moment ago, before its Lease ran out) rotated between our read and our write.
        using var otherCa = CertificateAuthority.Create(RootRotationClock.Options(), time: time);
        var newer = otherCa.ExportPem();
        var interfered = 0;
        server.FailWith = request =>
        {
            if (request.Method == "PUT" && request.Path.EndsWith($"/secrets/{IstioCaSecret.Name}", StringComparison.Ordinal) && Interlocked.Exchange(ref interfered, 1) == 0)
            {
                server.Patch(KubeResourceTypes.Secrets, Ns, IstioCaSecret.Name, new JsonObject { ["data"] = IstioCaSecret.ToSecret(Ns, newer)["data"]!.DeepClone() });
            }

            return null;
        };

        using var client = new KubeClient(server.ClientConfig());
        var stale = new CaSecretSynchronizer(client, staleCa, Work, rotator: new SelfSignedRootRotator(staleCa, time: time), time: time);
        Assert.That(await stale.RotateIfDueAsync(CancellationToken.None), Is.False, "the write lost");

        Assert.That(interfered, Is.EqualTo(1), "the write was attempted");
        var secret = IstioCaSecret.Read(server.Get(KubeResourceTypes.Secrets, Ns, IstioCaSecret.Name)!, out _)!;
        Assert.That(secret.CaCertPem, Is.EqualTo(newer.CaCertPem), "the newer secret survives");
        Assert.That(staleCa.Root.Thumbprint, Is.EqualTo(otherCa.Root.Thumbprint), "and the stale leader signs with it");
        Assert.That(server.Requests.Count(r => r.Method == "PUT"), Is.EqualTo(1), "no second attempt over the newer secret");
    }

    [Test]
    public async Task The_leader_loop_rotates_on_schedule_and_no_longer_once_it_stops_leading()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        var time = new ManualTimeProvider();
        using var ca = CertificateAuthority.Create(RootRotationClock.Options(), time: time);
        using var client = new KubeClient(server.ClientConfig());
        var sync = new CaSecretSynchronizer(
            client, ca, Work, rotator: new SelfSignedRootRotator(ca, new SelfSignedRootRotatorOptions { CheckInterval = TimeSpan.FromDays(1) }, time), time: time);
        using var leading = new CancellationTokenSource();
        var lead = sync.LeadAsync(leading.Token);
        var rotate = sync.RotateAsync(leading.Token);
        await sync.Loaded.WaitAsync(KubeTestWait.Long);
        var created = Read(server).CaCertPem;

        // The loop may be between a check and its next timer when the clock moves, so the clock moves one check
        // interval per poll: whichever check comes first past the grace point must rotate.
        time.Advance(TimeSpan.FromDays(80));
        await KubeTestWait.UntilAsync(
            () =>
            {
                var changed = Read(server).CaCertPem != created;
                if (!changed)
                {
                    time.Advance(TimeSpan.FromDays(1));
                }

                return changed || rotate.IsCompleted;
            },
            "the scheduled rotation to reach the secret");
        Assert.That(rotate.IsCompleted, Is.False, () => $"the loop ended: {rotate.Exception}");
        Assert.That(Read(server).CaCertPem, Is.EqualTo(ca.Root.ExportCertificatePem() + "\n"));

        await leading.CancelAsync();
        await Task.WhenAll(lead, rotate).WaitAsync(KubeTestWait.Long);

        // Both loops have returned, so no timer left behind can fire a write.
        var after = Version(server);
        time.Advance(TimeSpan.FromDays(90));
        Assert.That(Version(server), Is.EqualTo(after), "a replica that stopped leading writes nothing");
    }

    private static CaPemBundle Read(FakeKubeApiServer server) => IstioCaSecret.Read(server.Get(KubeResourceTypes.Secrets, Ns, IstioCaSecret.Name)!, out _)!;

    private static string Version(FakeKubeApiServer server) =>
        server.Get(KubeResourceTypes.Secrets, Ns, IstioCaSecret.Name)!["metadata"]!["resourceVersion"]!.GetValue<string>();
}
