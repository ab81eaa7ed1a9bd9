using System.Diagnostics.Metrics;
using Istiod.Net.Config.Model;
using Istiod.Net.Diagnostics;
using Istiod.Net.Push;
using Istiod.Net.Registry;
using Istiod.Net.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using static Istiod.Net.Tests.Infrastructure.MeshConfigs;

namespace Istiod.Net.Tests.Push;

public sealed class PushCoordinatorTests
{
    private sealed class RecordingConsumer : IPushContextConsumer
    {
        public List<PushContext> Contexts { get; } = [];

        public void OnPushContext(PushContext context) => Contexts.Add(context);
    }

    private sealed class ManualRegistrySource : IServiceRegistrySource
    {
        public string Name => "manual";

        public event Action<RegistrySourceChange>? Changed;

        public void Contribute(Istiod.Net.Config.Store.ConfigSnapshot config, RegistryBuilder builder)
        {
        }

        public void Raise(RegistrySourceChange change) => Changed?.Invoke(change);
    }

    [Test]
    public void StartBuildsTheFirstContextThenChangesAreDebouncedIntoTheNext()
    {
        var store = new FakeConfigStore(StaticService("ns", "a", "a.example", [9000], Endpoint("10.0.0.1")));
        var time = new ManualTimeProvider();
        var consumer = new RecordingConsumer();
        using var metrics = new IstiodMetrics();
        var triggers = new List<(long Value, string Type)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == metrics.Meter && instrument.Name == "pilot_push_triggers")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            triggers.Add((value, (string)tags.ToArray().Single(t => t.Key == "type").Value!)));
        listener.Start();

        var options = new PushOptions();
        using var coordinator = new PushCoordinator(
            store, new PushContextBuilder([new ServiceEntryRegistrySource()], options, time), consumer, options, time, metrics,
            NullLogger<PushCoordinator>.Instance);
        coordinator.Start();

        Assert.That(consumer.Contexts, Has.Count.EqualTo(1));
        Assert.That(consumer.Contexts[0].Changes.IsEverything, Is.True);
        Assert.That(consumer.Contexts[0].Registry.Services.Single().Hostname, Is.EqualTo("a.example"));

        store.Apply(StaticService("ns", "b", "b.example", [9000]));
        store.Apply(VirtualService("ns", "vs", new VirtualServiceSpec { Hosts = ["a.example"] }));
        time.Advance(TimeSpan.FromMilliseconds(99));
        Assert.That(consumer.Contexts, Has.Count.EqualTo(1), "still inside the quiet period");

        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.That(consumer.Contexts, Has.Count.EqualTo(2));
        var second = consumer.Contexts[1];
        Assert.Multiple(() =>
        {
            Assert.That(second.Sequence, Is.EqualTo(2));
            Assert.That(second.Config.Version, Is.EqualTo(store.Current.Version), "built from the newest snapshot");
            Assert.That(second.Request.ConfigKeys, Has.Count.EqualTo(2));
            Assert.That(second.Changes.Items.Select(i => (i.Kind, i.Name)), Is.SupersetOf(new[]
            {
                (DependencyKind.Service, "b.example"), (DependencyKind.VirtualService, "a.example"),
            }));
            Assert.That(coordinator.Current, Is.SameAs(second));
            Assert.That(triggers, Is.EqualTo(new[] { (1L, "initial"), (2L, "config") }));
        });
    }

    [Test]
    public void RegistrySourceChangesArePushedAsEndpointChanges()
    {
        var store = new FakeConfigStore();
        var time = new ManualTimeProvider();
        var consumer = new RecordingConsumer();
        var source = new ManualRegistrySource();
        using var metrics = new IstiodMetrics();
        var options = new PushOptions();
        using var coordinator = new PushCoordinator(
            store, new PushContextBuilder([source], options, time), consumer, options, time, metrics, NullLogger<PushCoordinator>.Instance);
        coordinator.Start();

        source.Raise(new RegistrySourceChange("manual", new HashSet<string> { "k.example" }, EndpointsOnly: true));
        time.Advance(TimeSpan.FromMilliseconds(100));

        var changes = consumer.Contexts[1].Changes;
        Assert.That(changes.Kinds, Is.EquivalentTo(new[] { DependencyKind.Endpoints }));
        Assert.That(changes.Items.Single().Name, Is.EqualTo("k.example"));
    }

    [Test]
    public void AConfigPushNamesTheKindsOfItsKeysAndIsIgnoredBeforeStart()
    {
        var store = new FakeConfigStore();
        var time = new ManualTimeProvider();
        var consumer = new RecordingConsumer();
        using var metrics = new IstiodMetrics();
        var options = new PushOptions();
        using var coordinator = new PushCoordinator(
            store, new PushContextBuilder([new ServiceEntryRegistrySource()], options, time), consumer, options, time, metrics, NullLogger<PushCoordinator>.Instance);
        var keys = new HashSet<ConfigKey> { new("RequestAuthentication", "ns", "jwt") };

        coordinator.RequestConfigPush(keys, "jwks");
        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.That(consumer.Contexts, Is.Empty, "nothing is pushed before the first context");

        coordinator.Start();
        coordinator.RequestConfigPush(keys, "jwks");
        time.Advance(TimeSpan.FromMilliseconds(100));

        Assert.That(consumer.Contexts, Has.Count.EqualTo(2));
        var pushed = consumer.Contexts[1];
        Assert.Multiple(() =>
        {
            Assert.That(pushed.Request.ReasonText, Is.EqualTo("jwks"));
            Assert.That(pushed.Changes.IsEverything, Is.False, "not a full push");
            Assert.That(pushed.Changes.Items.Select(i => (i.Kind, i.Name)), Is.EqualTo(new[] { (DependencyKind.ConfigKind, "RequestAuthentication") }));
        });
    }

    [Test]
    public void AFailingBuildKeepsThePreviousContextAndLaterPushesStillWork()
    {
        var store = new FakeConfigStore();
        var time = new ManualTimeProvider();
        var consumer = new RecordingConsumer();
        var throwing = new ThrowingOnceSource();
        using var metrics = new IstiodMetrics();
        var options = new PushOptions();
        using var coordinator = new PushCoordinator(
            store, new PushContextBuilder([throwing], options, time), consumer, options, time, metrics, NullLogger<PushCoordinator>.Instance);
        coordinator.Start();
        var first = coordinator.Current;

        throwing.FailNext = true;
        store.Apply(StaticService("ns", "x", "x.example", [1]));
        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.That(coordinator.Current, Is.SameAs(first));
        Assert.That(consumer.Contexts, Has.Count.EqualTo(1));

        store.Apply(StaticService("ns", "y", "y.example", [1]));
        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.That(consumer.Contexts, Has.Count.EqualTo(2));
    }

    private sealed class ThrowingOnceSource : IServiceRegistrySource
    {
        public bool FailNext { get; set; }

        public string Name => "throwing";

        public event Action<RegistrySourceChange>? Changed
        {
            add { }
            remove { }
        }

        public void Contribute(Istiod.Net.Config.Store.ConfigSnapshot config, RegistryBuilder builder)
        {
            if (FailNext)
            {
                FailNext = false;
                throw new InvalidOperationException("source broke");
            }
        }
    }
}
