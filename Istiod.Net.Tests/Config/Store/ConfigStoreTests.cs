using System.Diagnostics.Metrics;
using Istiod.Net.Config.Model;
using Istiod.Net.Config.Parsing;
using Istiod.Net.Config.Store;
using Istiod.Net.Diagnostics;

namespace Istiod.Net.Tests.Config.Store;

public sealed class ConfigStoreTests
{
    private const string Source = "file:/config";
    private readonly ConfigParser _parser = new();

    private static readonly ConfigKey Reviews = new("DestinationRule", "default", "reviews");
    private static readonly ConfigKey Ratings = new("DestinationRule", "default", "ratings");

    [Test]
    public void FirstApplyPublishesEveryObject()
    {
        var store = new ConfigStore();
        var changes = Record(store);

        var change = store.ApplySource(Source, Parse("a.yaml", Dr("reviews"), Dr("ratings")));

        Assert.That(change, Is.Not.Null);
        Assert.That(store.Current.Version, Is.EqualTo(1));
        Assert.That(store.Current.Count, Is.EqualTo(2));
        Assert.That(changes.Single().ChangedKeys, Is.EquivalentTo(new[] { Reviews, Ratings }));
        Assert.That(store.Rejections, Is.Empty);
    }

    [Test]
    public void SameContentAgainRaisesNoEventAndKeepsTheVersion()
    {
        var store = new ConfigStore();
        store.ApplySource(Source, Parse("a.yaml", Dr("reviews"), Dr("ratings")));
        var before = store.Current;
        var changes = Record(store);

        // A fresh parse: new record instances holding new lists, same content.
        var change = store.ApplySource(Source, Parse("a.yaml", Dr("ratings"), Dr("reviews")));

        Assert.That(change, Is.Null);
        Assert.That(changes, Is.Empty);
        Assert.That(store.Current, Is.SameAs(before));
    }

    [Test]
    public void ChangeEventCarriesExactlyTheChangedKeys()
    {
        var store = new ConfigStore();
        store.ApplySource(Source, Parse("a.yaml", Dr("reviews"), Dr("ratings"), Dr("details")));
        var changes = Record(store);

        store.ApplySource(Source, Parse("a.yaml", Dr("reviews", host: "reviews.other"), Dr("ratings"), Dr("productpage")));

        var change = changes.Single();
        Assert.That(change.ChangedKeys, Is.EquivalentTo(new[]
        {
            Reviews,
            new ConfigKey("DestinationRule", "default", "details"),
            new ConfigKey("DestinationRule", "default", "productpage"),
        }));
        Assert.That(change.Snapshot.Version, Is.EqualTo(2));
        Assert.That(change.Snapshot.Get(Reviews)!.SpecAs<DestinationRuleSpec>().Host, Is.EqualTo("reviews.other"));
        Assert.That(change.Snapshot.Get(new ConfigKey("DestinationRule", "default", "details")), Is.Null);
    }

    [Test]
    public void UnchangedObjectsKeepTheirInstanceAcrossVersions()
    {
        var store = new ConfigStore();
        store.ApplySource(Source, Parse("a.yaml", Dr("reviews"), Dr("ratings")));
        var ratingsBefore = store.Current.Get(Ratings);

        store.ApplySource(Source, Parse("a.yaml", Dr("reviews", host: "x"), Dr("ratings")));

        Assert.That(store.Current.Get(Ratings), Is.SameAs(ratingsBefore));
    }

    [Test]
    public void BrokenDocumentKeepsTheLastGoodVersion()
    {
        var store = new ConfigStore();
        store.ApplySource(Source, Parse("a.yaml", Dr("reviews", host: "good"), Dr("ratings")));
        var changes = Record(store);

        var broken = Dr("reviews", host: "good") + "  trafficPolicy: {loadBalancer: {simple: FASTEST}}\n";
        var change = store.ApplySource(Source, Parse("a.yaml", broken, Dr("ratings")));

        Assert.That(change, Is.Null, "nothing in force changed");
        Assert.That(changes, Is.Empty);
        Assert.That(store.Current.Get(Reviews)!.SpecAs<DestinationRuleSpec>().Host, Is.EqualTo("good"));
        var rejection = store.Rejections.Single();
        Assert.That(rejection.Source, Is.EqualTo("a.yaml"));
        Assert.That(rejection.DocumentIndex, Is.EqualTo(0));
        Assert.That(rejection.Name, Is.EqualTo("reviews"));
        Assert.That(rejection.Errors.Single().Path, Is.EqualTo("spec.trafficPolicy.loadBalancer.simple"));
    }

    [Test]
    public void BrokenDocumentWithoutAPreviousVersionAddsNothing()
    {
        var store = new ConfigStore();

        store.ApplySource(Source, Parse("a.yaml", Dr("reviews", host: ""), Dr("ratings")));

        Assert.That(store.Current.Get(Reviews), Is.Null);
        Assert.That(store.Current.Get(Ratings), Is.Not.Null);
        Assert.That(store.Rejections.Single().Errors.Single().Path, Is.EqualTo("spec.host"));
    }

    [Test]
    public void UnreadableFileKeepsAllItsLastGoodObjects()
    {
        var store = new ConfigStore();
        store.ApplySource(Source, [.. Parse("a.yaml", Dr("reviews"), Dr("ratings")), .. Parse("b.yaml", Dr("details"))]);

        store.ApplySource(Source, [.. _parser.ParseYaml("this: is: not: yaml: [", "a.yaml"), .. Parse("b.yaml", Dr("details"))]);

        Assert.That(store.Current.Get(Reviews), Is.Not.Null);
        Assert.That(store.Current.Get(Ratings), Is.Not.Null);
        Assert.That(store.Rejections.Single().Source, Is.EqualTo("a.yaml"));
        Assert.That(store.Rejections.Single().Errors.Single().Message, Does.StartWith("line "));

        // Fixing the file replaces the held objects with the new content (here: one object fewer).
        store.ApplySource(Source, [.. Parse("a.yaml", Dr("reviews")), .. Parse("b.yaml", Dr("details"))]);
        Assert.That(store.Current.Get(Ratings), Is.Null);
        Assert.That(store.Rejections, Is.Empty);
    }

    [Test]
    public void RemovedFileAndRemovedDocumentRemoveTheirObjects()
    {
        var store = new ConfigStore();
        store.ApplySource(Source, [.. Parse("a.yaml", Dr("reviews"), Dr("ratings")), .. Parse("b.yaml", Dr("details"))]);
        var changes = Record(store);

        store.ApplySource(Source, Parse("a.yaml", Dr("reviews")));

        Assert.That(store.Current.Count, Is.EqualTo(1));
        Assert.That(changes.Single().ChangedKeys, Is.EquivalentTo(new[] { Ratings, new ConfigKey("DestinationRule", "default", "details") }));
    }

    [Test]
    public void RejectionsReflectTheCurrentStateOnly()
    {
        var store = new ConfigStore();
        store.ApplySource(Source, Parse("a.yaml", Dr("reviews", host: "")));
        Assert.That(store.Rejections, Has.Count.EqualTo(1));

        store.ApplySource(Source, Parse("a.yaml", Dr("reviews")));

        Assert.That(store.Rejections, Is.Empty);
    }

    [Test]
    public void DuplicateKeyWithinOneSourceIsRejected()
    {
        var store = new ConfigStore();

        store.ApplySource(Source, [.. Parse("a.yaml", Dr("reviews", host: "first")), .. Parse("b.yaml", Dr("reviews", host: "second"))]);

        Assert.That(store.Current.Get(Reviews)!.SpecAs<DestinationRuleSpec>().Host, Is.EqualTo("first"));
        var rejection = store.Rejections.Single();
        Assert.That(rejection.Source, Is.EqualTo("b.yaml"));
        Assert.That(rejection.Errors.Single().Message, Does.Contain("already defined at a.yaml[0]"));
    }

    [Test]
    public void SkippedKindsAndValidationWarningsAreWarningsNotRejections()
    {
        var store = new ConfigStore();
        var unknown = "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: p}\nspec: {}\n";
        var warned = Dr("reviews") + "  subsets:\n  - name: v1\n";

        store.ApplySource(Source, Parse("a.yaml", unknown, warned));

        Assert.That(store.Rejections, Is.Empty);
        Assert.That(store.Warnings.Select(w => w.Kind), Is.EquivalentTo(new[] { "Widget", "DestinationRule" }));
        Assert.That(store.Current.Get(Reviews), Is.Not.Null);
    }

    [Test]
    public void TwoSourcesDefiningOneKeyTheMostRecentWriterWins()
    {
        var store = new ConfigStore();
        store.ApplySource("file:/a", Parse("a.yaml", Dr("reviews", host: "from-files")));
        store.ApplySource("kubernetes", Parse("k8s", Dr("reviews", host: "from-kubernetes")));

        Assert.That(store.Current.Get(Reviews)!.SpecAs<DestinationRuleSpec>().Host, Is.EqualTo("from-kubernetes"));
        Assert.That(store.Warnings.Single().Errors.Single().Message, Does.Contain("shadowed"));

        // Re-reporting unchanged content does not take the key back...
        store.ApplySource("file:/a", Parse("a.yaml", Dr("reviews", host: "from-files")));
        Assert.That(store.Current.Get(Reviews)!.SpecAs<DestinationRuleSpec>().Host, Is.EqualTo("from-kubernetes"));

        // ...editing it does, and when that source drops the key the other version returns.
        store.ApplySource("file:/a", Parse("a.yaml", Dr("reviews", host: "edited")));
        Assert.That(store.Current.Get(Reviews)!.SpecAs<DestinationRuleSpec>().Host, Is.EqualTo("edited"));
        store.ApplySource("file:/a", []);
        Assert.That(store.Current.Get(Reviews)!.SpecAs<DestinationRuleSpec>().Host, Is.EqualTo("from-kubernetes"));
        Assert.That(store.Warnings, Is.Empty);
    }

    [Test]
    public void RemoveSourceDropsItsObjects()
    {
        var store = new ConfigStore();
        store.ApplySource("a", Parse("a.yaml", Dr("reviews")));
        store.ApplySource("b", Parse("b.yaml", Dr("ratings")));

        var change = store.RemoveSource("a");

        Assert.That(change!.ChangedKeys, Is.EquivalentTo(new[] { Reviews }));
        Assert.That(store.Current.All.Select(c => c.Key), Is.EquivalentTo(new[] { Ratings }));
    }

    [Test]
    public void FailingSubscriberDoesNotStopOthers()
    {
        var store = new ConfigStore();
        store.Changed += _ => throw new InvalidOperationException("boom");
        var changes = Record(store);

        Assert.DoesNotThrow(() => store.ApplySource(Source, Parse("a.yaml", Dr("reviews"))));
        Assert.That(changes, Has.Count.EqualTo(1));
    }

    [Test]
    public void MetricsCountRejectedDocumentsAndChanges()
    {
        using var metrics = new IstiodMetrics();
        var errors = 0L;
        var changes = 0L;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == metrics.Meter)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument == metrics.ConfigErrors)
            {
                Interlocked.Add(ref errors, value);
            }
            else if (instrument == metrics.ConfigChanges)
            {
                Interlocked.Add(ref changes, value);
            }
        });
        listener.Start();
        var store = new ConfigStore(metrics);

        store.ApplySource(Source, Parse("a.yaml", Dr("reviews", host: ""), Dr("ratings")));
        Assert.That(Interlocked.Read(ref errors), Is.EqualTo(1));
        Assert.That(Interlocked.Read(ref changes), Is.EqualTo(1));

        store.ApplySource(Source, Parse("a.yaml", Dr("reviews"), Dr("ratings")));
        Assert.That(Interlocked.Read(ref errors), Is.EqualTo(0));
        Assert.That(Interlocked.Read(ref changes), Is.EqualTo(2));
    }

    [Test]
    public void ConcurrentSourcesProduceStrictlyIncreasingVersions()
    {
        var store = new ConfigStore();
        var versions = new List<long>();
        store.Changed += c => versions.Add(c.Snapshot.Version);

        Parallel.For(0, 40, i => store.ApplySource($"source-{i % 4}", Parse($"f{i % 4}.yaml", Dr($"dr-{i % 4}", host: $"h{i}"))));

        Assert.That(versions, Is.Ordered.Ascending);
        Assert.That(versions, Is.Unique);
        Assert.That(store.Current.Version, Is.EqualTo(versions.Count));
        Assert.That(store.Current.Count, Is.EqualTo(4));
    }

    private IReadOnlyList<ParseResult> Parse(string file, params string[] documents) =>
        _parser.ParseYaml(string.Join("---\n", documents), file);

    private static string Dr(string name, string host = "reviews") =>
        $"apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: {name}\nspec:\n  host: \"{host}\"\n";

    private static List<ConfigChange> Record(ConfigStore store)
    {
        var changes = new List<ConfigChange>();
        store.Changed += changes.Add;
        return changes;
    }
}
