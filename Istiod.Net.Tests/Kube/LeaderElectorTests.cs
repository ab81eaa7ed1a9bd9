using System.Text.Json.Nodes;
using Istiod.Net.Kube;
using Istiod.Net.Tests.Infrastructure.FakeKube;

namespace Istiod.Net.Tests.Kube;

public sealed class LeaderElectorTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Test]
    public async Task Two_candidates_one_leads_and_the_other_takes_over_on_release()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        await using var a = new Candidate(server, "a", release: true);
        await using var b = new Candidate(server, "b", release: true);

        await KubeTestWait.UntilAsync(() => a.Elector.IsLeader || b.Elector.IsLeader, "a leader");
        var (leader, follower) = a.Elector.IsLeader ? (a, b) : (b, a);

        // While the leader renews, the follower keeps seeing it as the holder and never leads.
        await KubeTestWait.UntilAsync(() => follower.Elector.CurrentHolder == leader.Elector.Identity, "the follower to see the holder");
        for (var i = 0; i < 40; i++)
        {
            Assert.That(a.Elector.IsLeader && b.Elector.IsLeader, Is.False, "two leaders at once");
            await Task.Delay(50);
        }

        Assert.That(leader.Started, Is.EqualTo(1));
        Assert.That(follower.Started, Is.Zero);

        await leader.StopAsync();
        Assert.That(leader.WorkCancelled, Is.True, "the leader's work is cancelled when it stops");
        Assert.That(leader.Stopped, Is.EqualTo(1));
        await KubeTestWait.UntilAsync(() => follower.Elector.IsLeader, "the follower to take over");

        var lease = server.Get(KubeResourceTypes.Leases, "istio-system", "istiod-net-leader")!;
        Assert.That(lease["spec"]!["holderIdentity"]!.GetValue<string>(), Is.EqualTo(follower.Elector.Identity));
        Assert.That(lease["spec"]!["leaseTransitions"]!.GetValue<int>(), Is.EqualTo(1));
    }

    [Test]
    public async Task A_leader_that_stops_renewing_is_replaced_after_the_lease_runs_out()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        await using var a = new Candidate(server, "a", release: false);
        await KubeTestWait.UntilAsync(() => a.Elector.IsLeader, "a to lead");
        await using var b = new Candidate(server, "b", release: false);
        await KubeTestWait.UntilAsync(() => b.Elector.CurrentHolder == "a", "b to see a holding the lease");

        // A crash: no release, the lease still names a.
        await a.StopAsync();
        var lease = server.Get(KubeResourceTypes.Leases, "istio-system", "istiod-net-leader")!;
        Assert.That(lease["spec"]!["holderIdentity"]!.GetValue<string>(), Is.EqualTo("a"));

        await KubeTestWait.UntilAsync(() => b.Elector.IsLeader, "b to take over the expired lease");
        Assert.That(b.Started, Is.EqualTo(1));
    }

    [Test]
    public async Task A_leader_cut_off_from_the_api_steps_down()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        await using var a = new Candidate(server, "a", release: true);
        await KubeTestWait.UntilAsync(() => a.Elector.IsLeader, "a to lead");
        await using var b = new Candidate(server, "b", release: true);

        server.FailWith = r => r.Authorization == "Bearer token-a" ? 503 : null;
        await KubeTestWait.UntilAsync(() => !a.Elector.IsLeader, "a to give up after missing renewals");
        Assert.That(a.WorkCancelled, Is.True);
        Assert.That(a.Stopped, Is.EqualTo(1));
        await KubeTestWait.UntilAsync(() => b.Elector.IsLeader, "b to take over");
        Assert.That(a.Elector.IsLeader, Is.False);

        // Back in touch, a competes again but b holds the lease.
        server.FailWith = null;
        await KubeTestWait.UntilAsync(() => a.Elector.CurrentHolder == "b", "a to see b");
        Assert.That(a.Elector.IsLeader, Is.False);
    }

    [Test]
    public async Task A_leader_whose_lease_was_taken_stops_leading()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        await using var a = new Candidate(server, "a", release: true);
        await KubeTestWait.UntilAsync(() => a.Elector.IsLeader, "a to lead");

        server.Patch(KubeResourceTypes.Leases, "istio-system", "istiod-net-leader", new JsonObject
        {
            ["spec"] = new JsonObject { ["holderIdentity"] = "intruder", ["leaseDurationSeconds"] = 600 },
        });
        await KubeTestWait.UntilAsync(() => !a.Elector.IsLeader, "a to notice the lease is taken");
        Assert.That(a.Stopped, Is.EqualTo(1));
        Assert.That(a.Elector.CurrentHolder, Is.EqualTo("intruder"));
    }

    [Test]
    public void Timings_must_nest()
    {
        using var client = new KubeClient(KubeClusterConfig.ForServer(new Uri("http://127.0.0.1:1")));
        var options = new LeaderElectionOptions
        {
            Namespace = "ns",
            LeaseName = "l",
            Identity = "i",
            LeaseDuration = TimeSpan.FromSeconds(5),
            RenewDeadline = TimeSpan.FromSeconds(10),
        };
        Assert.That(() => new LeaderElector(client, options), Throws.ArgumentException.With.Message.Contains("ns/l"));
    }

    /// <summary>One replica: its own client (and token, so faults can single it out) and an elector running until stopped.</summary>
    private sealed class Candidate : IAsyncDisposable
    {
        private readonly KubeClient _client;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _run;
        private int _started;
        private int _stopped;
        private volatile bool _workCancelled;

        public Candidate(FakeKubeApiServer server, string name, bool release)
        {
            _client = new KubeClient(server.ClientConfig(token: $"token-{name}"), new KubeClientOptions { RequestTimeout = TimeSpan.FromSeconds(1) });
            Elector = new LeaderElector(_client, new LeaderElectionOptions
            {
                Namespace = "istio-system",
                LeaseName = "istiod-net-leader",
                Identity = name,
                LeaseDuration = TimeSpan.FromSeconds(2),
                RenewDeadline = TimeSpan.FromSeconds(1.2),
                RetryPeriod = TimeSpan.FromMilliseconds(200),
                ReleaseOnCancel = release,
                Random = new Random(name[0]),
            })
            {
                OnStartedLeading = async leading =>
                {
                    Interlocked.Increment(ref _started);
                    try
                    {
                        await Task.Delay(Timeout.Infinite, leading);
                    }
                    finally
                    {
                        _workCancelled = leading.IsCancellationRequested;
                    }
                },
                OnStoppedLeading = () => Interlocked.Increment(ref _stopped),
            };
            _run = Elector.RunAsync(_stop.Token);
        }

        public LeaderElector Elector { get; }

        public int Started => Volatile.Read(ref _started);

        public int Stopped => Volatile.Read(ref _stopped);

        public bool WorkCancelled => _workCancelled;

        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            await _run.WaitAsync(Wait);
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            _client.Dispose();
            _stop.Dispose();
        }
    }
}
