using System.Globalization;
using System.Text.Json.Nodes;
using Istiod.Net.Kube;
using Istiod.Net.Tests.Infrastructure.FakeKube;
using static Istiod.Net.Tests.Kube.KubeTestObjects;

namespace Istiod.Net.Tests.Kube;

public sealed class KubeInformerTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    private static KubeClientOptions FastClient => new() { RequestTimeout = TimeSpan.FromSeconds(1), WatchGrace = TimeSpan.FromSeconds(2) };

    private static KubeInformerOptions FastInformer(int seed) => new()
    {
        PageSize = 7,
        WatchTimeout = TimeSpan.FromSeconds(3),
        InitialBackoff = TimeSpan.FromMilliseconds(20),
        MaxBackoff = TimeSpan.FromMilliseconds(400),
        Random = new Random(seed),
    };

    [Test]
    public async Task Delivers_the_list_then_synced_then_watched_changes()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        for (var i = 0; i < 10; i++)
        {
            server.Create(Widgets, Widget($"ns{i % 2}", $"w{i}", i));
        }

        using var client = new KubeClient(server.ClientConfig(), FastClient);
        var informer = new KubeInformer(client, Widgets, FastInformer(1));
        var ledger = new InformerEventLedger();
        informer.AddHandler(ledger.Handle);
        using var cts = new CancellationTokenSource();
        var run = informer.RunAsync(cts.Token);

        await informer.WaitForSyncAsync().WaitAsync(Wait);
        var events = ledger.Events;
        Assert.That(events.Take(10).All(e => e.Type == KubeInformerEventType.Added), Is.True);
        Assert.That(events[10].Type, Is.EqualTo(KubeInformerEventType.Synced));
        Assert.That(informer.HasSynced, Is.True);
        Assert.That(server.Requests.Count(r => r.Param("limit") == "7"), Is.EqualTo(2), "10 objects in pages of 7");

        server.Patch(Widgets, "ns1", "w1", new JsonObject { ["spec"] = new JsonObject { ["value"] = 100 } });
        server.Delete(Widgets, "ns0", "w0");
        server.Create(Widgets, Widget("ns2", "new"));
        await KubeTestWait.UntilAsync(() => ledger.Events.Count == 14, "three more events");

        var tail = ledger.Events.Skip(11).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(tail.Select(e => e.Type), Is.EqualTo(new[] { KubeInformerEventType.Updated, KubeInformerEventType.Deleted, KubeInformerEventType.Added }));
            Assert.That(Value(tail[0].Object!), Is.EqualTo(100));
            Assert.That(Value(tail[0].OldObject!), Is.EqualTo(1));
            Assert.That(tail[1].Key, Is.EqualTo(new KubeObjectKey("ns0", "w0")));
            Assert.That(informer.Get(new KubeObjectKey("ns2", "new")), Is.Not.Null);
            Assert.That(informer.Get(new KubeObjectKey("ns0", "w0")), Is.Null);
            Assert.That(ledger.Violations, Is.Empty);
        });

        await cts.CancelAsync();
        await run.WaitAsync(Wait);
    }

    [Test]
    public async Task Bookmarks_advance_the_version_the_next_watch_starts_from()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        server.Create(Widgets, Widget("ns", "w"));
        using var client = new KubeClient(server.ClientConfig(), FastClient);
        var informer = new KubeInformer(client, Widgets, FastInformer(2) with { WatchTimeout = TimeSpan.FromMinutes(5) });
        using var cts = new CancellationTokenSource();
        var run = informer.RunAsync(cts.Token);
        await informer.WaitForSyncAsync().WaitAsync(Wait);
        await KubeTestWait.UntilAsync(() => server.OpenWatches == 1, "the watch to open");
        var listed = informer.ResourceVersion;

        // Writes elsewhere move the version on; only a bookmark tells this watch about it.
        for (var i = 0; i < 5; i++)
        {
            server.Create(Gadgets, Gadget($"g{i}"));
        }

        var latest = server.Store.ResourceVersion.ToString(CultureInfo.InvariantCulture);
        Assert.That(informer.ResourceVersion, Is.EqualTo(listed));
        server.Store.Bookmark();
        await KubeTestWait.UntilAsync(() => informer.ResourceVersion == latest, "the bookmark's version");

        // Old history is compacted away: resuming from the bookmark works, resuming from the list would be Gone.
        server.Store.Compact();
        server.DropWatches();
        await KubeTestWait.UntilAsync(() => server.Requests.Count(r => r.IsWatch) == 2 && server.OpenWatches == 1, "the watch to resume");
        Assert.That(server.Requests.Last(r => r.IsWatch).Param("resourceVersion"), Is.EqualTo(latest));
        Assert.That(informer.ListCount, Is.EqualTo(1), "no relist needed");

        await cts.CancelAsync();
        await run.WaitAsync(Wait);
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task Changes_missed_while_disconnected_arrive_as_a_diff_after_Gone(bool goneAsHttpStatus)
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        server.GoneAsHttpStatus = goneAsHttpStatus;
        server.Create(Widgets, Widget("ns", "stays"));
        server.Create(Widgets, Widget("ns", "changes", 1));
        server.Create(Widgets, Widget("ns", "vanishes"));
        using var client = new KubeClient(server.ClientConfig(), FastClient);
        var informer = new KubeInformer(client, Widgets, FastInformer(3));
        var ledger = new InformerEventLedger();
        informer.AddHandler(ledger.Handle);
        using var cts = new CancellationTokenSource();
        var run = informer.RunAsync(cts.Token);
        await informer.WaitForSyncAsync().WaitAsync(Wait);
        var before = ledger.Events.Count;

        // Cut the informer off, change things, and compact so that its version is gone when it comes back.
        server.FailWith = r => r.IsWatch || r.Method == "GET" ? 503 : null;
        server.DropWatches();
        server.Patch(Widgets, "ns", "changes", new JsonObject { ["spec"] = new JsonObject { ["value"] = 2 } });
        server.Delete(Widgets, "ns", "vanishes");
        server.Create(Widgets, Widget("ns", "appears"));
        server.Store.Compact();
        await KubeTestWait.UntilAsync(() => server.Requests.Count(r => r.IsWatch) >= 3, "retries while cut off");
        server.FailWith = null;

        await KubeTestWait.UntilAsync(() => ledger.Events.Count == before + 3, "the relist diff");
        var diff = ledger.Events.Skip(before).ToDictionary(e => e.Key.Name, e => e.Type);
        Assert.Multiple(() =>
        {
            Assert.That(diff, Is.EqualTo(new Dictionary<string, KubeInformerEventType>
            {
                ["changes"] = KubeInformerEventType.Updated,
                ["vanishes"] = KubeInformerEventType.Deleted,
                ["appears"] = KubeInformerEventType.Added,
            }));
            Assert.That(informer.ListCount, Is.EqualTo(2));
            Assert.That(ledger.SyncedCount, Is.EqualTo(1));
            Assert.That(ledger.Violations, Is.Empty);
        });

        await cts.CancelAsync();
        await run.WaitAsync(Wait);
    }

    [Test]
    public async Task A_failing_handler_does_not_stop_the_others()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        server.Create(Widgets, Widget("ns", "w"));
        using var client = new KubeClient(server.ClientConfig(), FastClient);
        var informer = new KubeInformer(client, Widgets, FastInformer(4));
        var ledger = new InformerEventLedger();
        informer.AddHandler((_, _) => throw new InvalidOperationException("consumer bug"));
        informer.AddHandler(ledger.Handle);
        using var cts = new CancellationTokenSource();
        var run = informer.RunAsync(cts.Token);
        await informer.WaitForSyncAsync().WaitAsync(Wait);
        server.Create(Widgets, Widget("ns", "second"));
        await KubeTestWait.UntilAsync(() => ledger.Events.Count == 3, "both adds and synced");
        Assert.That(() => informer.AddHandler(ledger.Handle), Throws.InvalidOperationException);
        await cts.CancelAsync();
        await run.WaitAsync(Wait);
    }

    /// <summary>
    /// Random writes interleaved with every fault the fake server has; the informer's cache, and the state rebuilt
    /// from its events alone, must both end equal to the server's, with no impossible event on the way.
    /// </summary>
    [TestCase(11)]
    [TestCase(22)]
    [TestCase(33)]
    [TestCase(44)]
    [TestCase(55)]
    public async Task Cache_equals_the_server_after_random_changes_and_faults(int seed)
    {
        var random = new Random(seed);
        await using var server = await FakeKubeApiServer.StartAsync(new FakeKubeApiServerOptions { BookmarkInterval = TimeSpan.FromMilliseconds(300) });
        var names = new List<(string Ns, string Name)>();
        var counter = 0;
        for (var i = 0; i < 15; i++)
        {
            var ns = $"ns{random.Next(3)}";
            var name = $"w{counter++}";
            server.Create(Widgets, Widget(ns, name, i));
            names.Add((ns, name));
        }

        using var client = new KubeClient(server.ClientConfig(), FastClient);
        var informer = new KubeInformer(client, Widgets, FastInformer(seed));
        var ledger = new InformerEventLedger();
        informer.AddHandler(ledger.Handle);
        using var cts = new CancellationTokenSource();
        var run = informer.RunAsync(cts.Token);
        await informer.WaitForSyncAsync().WaitAsync(Wait);

        var faults = new List<string>();
        var failuresLeft = 0;
        server.FailWith = _ => Interlocked.Decrement(ref failuresLeft) >= 0 ? 500 : null;
        for (var step = 0; step < 80; step++)
        {
            var roll = random.Next(100);
            if (roll < 30 || names.Count == 0)
            {
                var ns = $"ns{random.Next(3)}";
                var name = $"w{counter++}";
                server.Create(Widgets, Widget(ns, name, step));
                names.Add((ns, name));
            }
            else if (roll < 55)
            {
                var (ns, name) = names[random.Next(names.Count)];
                server.Patch(Widgets, ns, name, new JsonObject { ["spec"] = new JsonObject { ["value"] = step } });
            }
            else if (roll < 70)
            {
                var index = random.Next(names.Count);
                server.Delete(Widgets, names[index].Ns, names[index].Name);
                names.RemoveAt(index);
            }
            else if (roll < 73)
            {
                server.Create(Gadgets, Gadget($"g{step}"));
            }
            else
            {
                faults.Add(await InjectAsync(server, random, v => Volatile.Write(ref failuresLeft, v)));
            }

            await Task.Delay(random.Next(0, 40));
        }

        server.ResponseDelay = TimeSpan.Zero;
        Volatile.Write(ref failuresLeft, 0);
        var expected = server.Objects(Widgets).ToDictionary(
            p => KubeObjectKey.Of(p.Value),
            p => KubeObjects.ResourceVersion(p.Value));
        await KubeTestWait.UntilAsync(
            () => Same(informer.Snapshot().ToDictionary(p => p.Key, p => KubeObjects.ResourceVersion(p.Value)), expected),
            $"the cache to equal the server (seed {seed}, faults: {string.Join(", ", faults)})");

        Assert.Multiple(() =>
        {
            Assert.That(ledger.Versions(), Is.EquivalentTo(expected), "state rebuilt from the events");
            Assert.That(ledger.Violations, Is.Empty);
            Assert.That(ledger.SyncedCount, Is.EqualTo(1));
            Assert.That(faults, Is.Not.Empty);
        });

        await cts.CancelAsync();
        await run.WaitAsync(Wait);
    }

    private static async Task<string> InjectAsync(FakeKubeApiServer server, Random random, Action<int> failNext)
    {
        switch (random.Next(7))
        {
            case 0:
                server.DropWatches();
                return "drop";
            case 1:
                server.Store.Compact();
                server.DropWatches();
                return "compact+drop";
            case 2:
                server.GoneAsHttpStatus = !server.GoneAsHttpStatus;
                server.Store.Compact();
                return "compact";
            case 3:
                var compact = random.Next(2) == 0;
                await server.RestartAsync(compact);
                return compact ? "restart+compact" : "restart";
            case 4:
                // Slower than the client's deadline for a while: requests time out and are retried.
                server.ResponseDelay = TimeSpan.FromMilliseconds(1500);
                server.DropWatches();
                await Task.Delay(random.Next(200, 1200));
                server.ResponseDelay = TimeSpan.Zero;
                return "slow";
            case 5:
                failNext(random.Next(1, 6));
                server.DropWatches();
                return "errors";
            default:
                server.Store.Bookmark();
                return "bookmark";
        }
    }

    private static bool Same(Dictionary<KubeObjectKey, string?> actual, Dictionary<KubeObjectKey, string?> expected) =>
        actual.Count == expected.Count && actual.All(p => expected.TryGetValue(p.Key, out var v) && v == p.Value);
}
