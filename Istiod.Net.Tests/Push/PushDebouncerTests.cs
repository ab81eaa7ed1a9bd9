using Istiod.Net.Config.Model;
using Istiod.Net.Push;
using Istiod.Net.Tests.Infrastructure;

namespace Istiod.Net.Tests.Push;

public sealed class PushDebouncerTests
{
    private static readonly PushOptions Options = new() { DebounceQuiet = TimeSpan.FromMilliseconds(100), DebounceMax = TimeSpan.FromSeconds(10) };

    private static PushRequest Config(string name) =>
        PushRequest.ForConfig(new HashSet<ConfigKey> { new("VirtualService", "ns", name) });

    [Test]
    public void FiresOnceChangesHaveBeenQuietForTheQuietPeriod()
    {
        var time = new ManualTimeProvider();
        var fired = new List<PushRequest>();
        using var debouncer = new PushDebouncer(Options, time, fired.Add);

        debouncer.Enqueue(Config("a"));
        time.Advance(TimeSpan.FromMilliseconds(60));
        debouncer.Enqueue(Config("b"));
        time.Advance(TimeSpan.FromMilliseconds(60));
        Assert.That(fired, Is.Empty, "the second change restarted the quiet period");

        time.Advance(TimeSpan.FromMilliseconds(40));
        Assert.That(fired, Has.Count.EqualTo(1));
        Assert.That(fired[0].ConfigKeys.Select(k => k.Name), Is.EquivalentTo(new[] { "a", "b" }));
        Assert.That(fired[0].Reasons["config"], Is.EqualTo(2));
        Assert.That(debouncer.HasPending, Is.False);
    }

    [Test]
    public void SteadyChangesFireAtTheMaximumDelay()
    {
        var time = new ManualTimeProvider();
        var fired = new List<(DateTimeOffset At, PushRequest Request)>();
        using var debouncer = new PushDebouncer(Options, time, r => fired.Add((time.GetUtcNow(), r)));
        var start = time.GetUtcNow();

        // A change every 50 ms never leaves 100 ms of quiet.
        for (var i = 0; i < 250; i++)
        {
            debouncer.Enqueue(Config($"c{i}"));
            time.Advance(TimeSpan.FromMilliseconds(50));
        }

        Assert.That(fired, Has.Count.EqualTo(1));
        Assert.That(fired[0].At - start, Is.EqualTo(TimeSpan.FromSeconds(10)));
        Assert.That(fired[0].Request.ConfigKeys, Has.Count.EqualTo(200), "changes 0..199 arrived within the first 10 s");
    }

    [Test]
    public void RequestsMergeReasonsKeysAndFullFlag()
    {
        var time = new ManualTimeProvider();
        var fired = new List<PushRequest>();
        using var debouncer = new PushDebouncer(Options, time, fired.Add);

        debouncer.Enqueue(Config("a"));
        debouncer.Enqueue(Config("a"));
        debouncer.Enqueue(PushRequest.ForRegistry(new Istiod.Net.Registry.RegistrySourceChange("k8s", new HashSet<string> { "x" }, EndpointsOnly: true)));
        debouncer.Enqueue(PushRequest.ForFull("debug"));
        time.Advance(TimeSpan.FromMilliseconds(100));

        var merged = fired.Single();
        Assert.Multiple(() =>
        {
            Assert.That(merged.ConfigKeys, Has.Count.EqualTo(1));
            Assert.That(merged.Reasons, Is.EquivalentTo(new Dictionary<string, int> { ["config"] = 2, ["endpoint"] = 1, ["debug"] = 1 }));
            Assert.That(merged.RegistryChanges, Has.Count.EqualTo(1));
            Assert.That(merged.Full, Is.True);
            Assert.That(merged.ReasonText, Is.EqualTo("config,debug,endpoint"));
        });
    }

    [Test]
    public void ChangesDuringAFiringWaitForItAndFireAfterwards()
    {
        var time = new ManualTimeProvider();
        var fired = new List<PushRequest>();
        PushDebouncer? debouncer = null;
        debouncer = new PushDebouncer(Options, time, r =>
        {
            fired.Add(r);
            if (fired.Count == 1)
            {
                // Arrives while the first push is being built.
                debouncer!.Enqueue(Config("during"));
            }
        });

        using (debouncer)
        {
            debouncer.Enqueue(Config("first"));
            time.Advance(TimeSpan.FromMilliseconds(100));
            Assert.That(fired, Has.Count.EqualTo(1));
            Assert.That(debouncer.HasPending, Is.True);

            time.Advance(TimeSpan.FromMilliseconds(100));
            Assert.That(fired, Has.Count.EqualTo(2));
            Assert.That(fired[1].ConfigKeys.Single().Name, Is.EqualTo("during"));
        }
    }

    [Test]
    public void NothingFiresAfterDispose()
    {
        var time = new ManualTimeProvider();
        var fired = new List<PushRequest>();
        var debouncer = new PushDebouncer(Options, time, fired.Add);
        debouncer.Enqueue(Config("a"));
        debouncer.Dispose();
        debouncer.Enqueue(Config("b"));
        time.Advance(TimeSpan.FromSeconds(20));
        Assert.That(fired, Is.Empty);
    }
}
