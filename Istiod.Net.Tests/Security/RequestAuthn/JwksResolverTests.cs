using Istiod.Net.Security.RequestAuthn;
using Istiod.Net.Tests.Grpc;
using Istiod.Net.Tests.Infrastructure;

namespace Istiod.Net.Tests.Security.RequestAuthn;

/// <summary>The JWKS cache against a real HTTP server: first fetch, refresh on schedule, last good kept on failure, bounds.</summary>
public sealed class JwksResolverTests
{
    private const string KeysA = """{"keys":[{"kty":"RSA","kid":"a","n":"AQAB","e":"AQAB"}]}""";
    private const string KeysB = """{"keys":[{"kty":"RSA","kid":"b","n":"AQAB","e":"AQAB"}]}""";

    [Test]
    public async Task Lookups_do_not_block_and_a_completed_fetch_is_announced()
    {
        await using var server = await JwksServer.StartAsync(KeysA).DefaultTimeout();
        using var http = new HttpClient();
        var resolver = new JwksResolver(http);
        var changed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        resolver.JwksChanged += uri => changed.TrySetResult(uri);

        var first = resolver.TryGetJwks(server.Uri);
        Assert.That(await changed.Task.DefaultTimeout(), Is.EqualTo(server.Uri));
        Assert.Multiple(() =>
        {
            Assert.That(first, Is.Null.Or.EqualTo(KeysA), "the first lookup answers at once, before or after the fetch lands");
            Assert.That(resolver.TryGetJwks(server.Uri), Is.EqualTo(KeysA));
        });
    }

    [Test]
    public async Task Keys_are_refetched_after_the_refresh_interval_and_kept_when_a_refresh_fails()
    {
        await using var server = await JwksServer.StartAsync(KeysA).DefaultTimeout();
        using var http = new HttpClient();
        var clock = new ManualTimeProvider();
        var resolver = new JwksResolver(http, new JwksResolverOptions { RefreshInterval = TimeSpan.FromMinutes(20) }, clock);
        Assert.That(await resolver.ResolveAsync(server.Uri, CancellationToken.None).DefaultTimeout(), Is.EqualTo(KeysA));

        server.Jwks = KeysB;
        clock.Advance(TimeSpan.FromMinutes(5));
        await resolver.RefreshDueAsync(CancellationToken.None).DefaultTimeout();
        Assert.That(resolver.TryGetJwks(server.Uri), Is.EqualTo(KeysA), "not due yet");
        var requestsBefore = server.Requests;

        clock.Advance(TimeSpan.FromMinutes(16));
        await resolver.RefreshDueAsync(CancellationToken.None).DefaultTimeout();
        Assert.Multiple(() =>
        {
            Assert.That(resolver.TryGetJwks(server.Uri), Is.EqualTo(KeysB), "rotated keys picked up");
            Assert.That(server.Requests, Is.EqualTo(requestsBefore + 1));
        });

        server.Jwks = "not json";
        clock.Advance(TimeSpan.FromMinutes(21));
        await resolver.RefreshDueAsync(CancellationToken.None).DefaultTimeout();
        Assert.Multiple(() =>
        {
            Assert.That(resolver.TryGetJwks(server.Uri), Is.EqualTo(KeysB), "a bad refresh keeps the last good keys");
            Assert.That(resolver.LastError(server.Uri), Does.Contain("not JSON"));
        });
    }

    [Test]
    public async Task Oversized_key_sets_are_refused()
    {
        var huge = "{\"keys\":[{\"kty\":\"RSA\",\"n\":\"" + new string('A', 5000) + "\",\"e\":\"AQAB\"}]}";
        await using var server = await JwksServer.StartAsync(huge).DefaultTimeout();
        using var http = new HttpClient();
        var resolver = new JwksResolver(http, new JwksResolverOptions { MaxJwksBytes = 1024 });
        Assert.Multiple(async () =>
        {
            Assert.That(await resolver.ResolveAsync(server.Uri, CancellationToken.None).DefaultTimeout(), Is.Null);
            Assert.That(resolver.LastError(server.Uri), Does.Contain("1024"));
        });
    }

    [Test]
    public async Task The_cache_keeps_at_most_max_entries_dropping_the_least_recently_used()
    {
        await using var server = await JwksServer.StartAsync(KeysA).DefaultTimeout();
        using var http = new HttpClient();
        var clock = new ManualTimeProvider();
        var resolver = new JwksResolver(http, new JwksResolverOptions { MaxEntries = 2 }, clock);
        foreach (var i in new[] { 1, 2, 3 })
        {
            await resolver.ResolveAsync($"{server.Uri}?n={i}", CancellationToken.None).DefaultTimeout();
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.That(resolver.Count, Is.EqualTo(2));
    }

    [Test]
    public async Task An_unreachable_uri_is_an_error_not_an_exception()
    {
        using var http = new HttpClient();
        var resolver = new JwksResolver(http, new JwksResolverOptions { FetchTimeout = TimeSpan.FromSeconds(5) });
        Assert.Multiple(async () =>
        {
            Assert.That(await resolver.ResolveAsync("http://127.0.0.1:1/jwks", CancellationToken.None).DefaultTimeout(), Is.Null);
            Assert.That(resolver.LastError("http://127.0.0.1:1/jwks"), Is.Not.Null);
        });
    }
}
