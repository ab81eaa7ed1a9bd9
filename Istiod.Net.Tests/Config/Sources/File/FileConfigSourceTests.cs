using Istiod.Net.Config.Model;
using Istiod.Net.Config.Parsing;
using Istiod.Net.Config.Sources.File;
using Istiod.Net.Config.Store;
using Microsoft.Extensions.Logging;

namespace Istiod.Net.Tests.Config.Sources.File;

public sealed class FileConfigSourceTests
{
    // Generous: the source should react within about a second; this only stops a hang.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static readonly ConfigKey Reviews = new("DestinationRule", "default", "reviews");
    private static readonly ConfigKey Ratings = new("DestinationRule", "default", "ratings");

    [Test]
    public async Task LoadsYamlYmlAndJsonRecursivelyBeforeFirstLoadCompletes()
    {
        using var dir = new TempConfigDirectory();
        dir.Write("a.yaml", Dr("reviews"));
        dir.Write("nested/deeper/b.yml", Dr("ratings"));
        dir.Write("c.json", """{"apiVersion":"networking.istio.io/v1","kind":"DestinationRule","metadata":{"name":"details"},"spec":{"host":"details"}}""");
        dir.Write("notes.txt", Dr("ignored"));
        dir.Write(".hidden/d.yaml", Dr("hidden"));
        var store = new ConfigStore();
        await using var source = new FileConfigSource(new FileConfigSourceOptions { Directory = dir.Path }, new ConfigParser(), store);

        await source.StartAsync(CancellationToken.None).WaitAsync(Timeout);
        await source.FirstLoad.WaitAsync(Timeout);

        Assert.That(store.Current.All.Select(c => c.Meta.Name), Is.EquivalentTo(new[] { "reviews", "ratings", "details" }));
    }

    [Test]
    public async Task PicksUpAnEditAnAddAndARemove()
    {
        using var dir = new TempConfigDirectory();
        var a = dir.Write("a.yaml", Dr("reviews", host: "v1"));
        var store = new ConfigStore();
        await using var source = await StartAsync(dir, store);

        System.IO.File.WriteAllText(a, Dr("reviews", host: "v2"));
        await WaitForAsync(store, s => Host(s, Reviews) == "v2");

        var b = dir.Write("sub/b.yaml", Dr("ratings"));
        await WaitForAsync(store, s => s.Get(Ratings) is not null);

        System.IO.File.Delete(b);
        await WaitForAsync(store, s => s.Get(Ratings) is null);
        Assert.That(Host(store.Current, Reviews), Is.EqualTo("v2"));
    }

    [Test]
    public async Task RenameOverTheFileIsPickedUp()
    {
        using var dir = new TempConfigDirectory();
        var a = dir.Write("a.yaml", Dr("reviews", host: "v1"));
        var store = new ConfigStore();
        await using var source = await StartAsync(dir, store);

        // What vim and most tools do: write a temporary file, then rename it over the target.
        var temp = dir.Write(".a.yaml.swp", Dr("reviews", host: "renamed"));
        System.IO.File.Move(temp, a, overwrite: true);

        await WaitForAsync(store, s => Host(s, Reviews) == "renamed");
    }

    [Test]
    public async Task TruncateThenWriteEndsWithTheNewContent()
    {
        using var dir = new TempConfigDirectory();
        var a = dir.Write("a.yaml", Dr("reviews", host: "v1"));
        var store = new ConfigStore();
        await using var source = await StartAsync(dir, store);

        await using (var stream = new FileStream(a, FileMode.Truncate, FileAccess.Write))
        {
            await stream.FlushAsync();
            await Task.Delay(50);
            var bytes = System.Text.Encoding.UTF8.GetBytes(Dr("reviews", host: "v2"));
            await stream.WriteAsync(bytes);
        }

        await WaitForAsync(store, s => Host(s, Reviews) == "v2");
    }

    [Test]
    public async Task BrokenEditKeepsTheLastGoodObjectsAndIsReported()
    {
        using var dir = new TempConfigDirectory();
        var a = dir.Write("a.yaml", Dr("reviews", host: "v1") + "---\n" + Dr("ratings"));
        var store = new ConfigStore();
        await using var source = await StartAsync(dir, store);

        System.IO.File.WriteAllText(a, "apiVersion: [broken\n");
        await WaitForAsync(store, s => store.Rejections.Count == 1);

        Assert.That(store.Rejections.Single().Source, Is.EqualTo(a));
        Assert.That(store.Current.Get(Reviews), Is.Not.Null);
        Assert.That(store.Current.Get(Ratings), Is.Not.Null);

        System.IO.File.WriteAllText(a, Dr("reviews", host: "v1") + "---\n" + Dr("ratings", host: "")); // second document invalid
        await WaitForAsync(store, s => store.Rejections.Count == 1 && store.Rejections[0].DocumentIndex == 1);
        Assert.That(store.Current.Get(Ratings), Is.Not.Null, "the broken document keeps its last good version");
    }

    [Test]
    public async Task AnAliasAmplifiedEditIsRefusedNamingTheFileAndTheLastGoodObjectsKeepServing()
    {
        using var dir = new TempConfigDirectory();
        var a = dir.Write("a.yaml", Dr("reviews", host: "v1"));
        var store = new ConfigStore();
        await using var source = await StartAsync(dir, store);

        // 1 MiB behind one anchor and 100 aliases of it: a 1 MB file that would expand to 100 MiB.
        var amplified = "apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: reviews\n  annotations:\n"
            + $"    a0: &big \"{new string('x', 1024 * 1024)}\"\n"
            + string.Concat(Enumerable.Range(1, 100).Select(i => $"    a{i}: *big\n"))
            + "spec:\n  host: \"v2\"\n";
        System.IO.File.WriteAllText(a, amplified);
        await WaitForAsync(store, s => store.Rejections.Count == 1);

        var rejection = store.Rejections.Single();
        Assert.That(rejection.Source, Is.EqualTo(a));
        Assert.That(rejection.ToString(), Does.Contain("aliases expand this file to more than 64 MiB of text"));
        Assert.That(Host(store.Current, Reviews), Is.EqualTo("v1"), "the last good version keeps serving");
    }

    [Test]
    public async Task EachRejectedDocumentIsLoggedWithFileDocumentAndFieldPath()
    {
        using var dir = new TempConfigDirectory();
        var file = dir.Write("a.yaml", Dr("reviews") + "---\n" + Dr("ratings") + "  trafficPolicy: {tls: {mode: MUTUALLY}}\n");
        var logger = new RecordingLogger<FileConfigSource>();
        var store = new ConfigStore();
        await using var source = new FileConfigSource(new FileConfigSourceOptions { Directory = dir.Path }, new ConfigParser(), store, logger);

        await source.StartAsync(CancellationToken.None).WaitAsync(Timeout);
        await source.FirstLoad.WaitAsync(Timeout);

        var rejected = logger.Entries.Single(e => e.Id.Id == 2121);
        Assert.That(rejected.Level, Is.EqualTo(LogLevel.Warning));
        Assert.That(rejected.Message, Does.Contain(file));
        Assert.That(rejected.Message, Does.Contain("document 1"));
        Assert.That(rejected.Message, Does.Contain("DestinationRule default/ratings"));
        Assert.That(rejected.Message, Does.Contain("spec.trafficPolicy.tls.mode"));
        Assert.That(logger.Entries.Any(e => e.Id.Id == 2120 && e.Message.Contains("1 object(s), 1 rejected document(s)")), Is.True);
    }

    [Test]
    public async Task MissingDirectoryIsNotFatalAndIsLoadedWhenItAppears()
    {
        using var dir = new TempConfigDirectory();
        var missing = Path.Combine(dir.Path, "later");
        var store = new ConfigStore();
        await using var source = new FileConfigSource(new FileConfigSourceOptions { Directory = missing }, new ConfigParser(), store);

        await source.StartAsync(CancellationToken.None).WaitAsync(Timeout);
        await source.FirstLoad.WaitAsync(Timeout);
        Assert.That(store.Current.Count, Is.Zero);

        dir.Write("later/a.yaml", Dr("reviews"));
        await WaitForAsync(store, s => s.Get(Reviews) is not null);
    }

    [Test]
    public async Task StopAsyncEndsWatching()
    {
        using var dir = new TempConfigDirectory();
        dir.Write("a.yaml", Dr("reviews"));
        var store = new ConfigStore();
        var source = await StartAsync(dir, store);

        await source.StopAsync(CancellationToken.None).WaitAsync(Timeout);
        var version = store.Current.Version;
        dir.Write("b.yaml", Dr("ratings"));
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        Assert.That(store.Current.Version, Is.EqualTo(version));
        await source.DisposeAsync();
    }

    private static async Task<FileConfigSource> StartAsync(TempConfigDirectory dir, ConfigStore store)
    {
        var source = new FileConfigSource(new FileConfigSourceOptions { Directory = dir.Path }, new ConfigParser(), store);
        await source.StartAsync(CancellationToken.None).WaitAsync(Timeout);
        await source.FirstLoad.WaitAsync(Timeout);
        return source;
    }

    private static async Task WaitForAsync(ConfigStore store, Func<ConfigSnapshot, bool> condition)
    {
        var changed = new SemaphoreSlim(0);
        void OnChanged(ConfigChange _) => changed.Release();
        store.Changed += OnChanged;
        try
        {
            using var timeout = new CancellationTokenSource(Timeout);
            while (!condition(store.Current))
            {
                try
                {
                    // Rejections change without a change event, so poll as well as wait.
                    await changed.WaitAsync(TimeSpan.FromMilliseconds(100), timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    Assert.Fail($"condition not met within {Timeout.TotalSeconds}s; rejections: {string.Join(" | ", store.Rejections)}");
                }
            }
        }
        finally
        {
            store.Changed -= OnChanged;
        }
    }

    private static string? Host(ConfigSnapshot snapshot, ConfigKey key) => snapshot.Get(key)?.SpecAs<DestinationRuleSpec>().Host;

    private static string Dr(string name, string host = "reviews") =>
        $"apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: {name}\nspec:\n  host: \"{host}\"\n";
}
