using System.Net;
using System.Net.Sockets;
using Istiod.Net.Hosting;
using Istiod.Net.Security.RequestAuthn;
using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Xds.Protocol;
using Microsoft.Extensions.Logging;

namespace Istiod.Net.Tests.Security.RequestAuthn;

/// <summary>
/// jwksUri as the running control plane handles it: the refresher fetches what the config names from a real
/// HTTP server, the landed (or rotated) keys re-push exactly the listeners whose jwt_authn read them, and an
/// unreachable URI leaves a key set that refuses the issuer's tokens, a log line naming it, and no exception.
/// </summary>
public sealed class JwksRefresherTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private TestIssuer _issuer = null!;

    [SetUp]
    public void SetUp() => _issuer = TestIssuer.Rsa("https://issuer.jwks.test");

    [TearDown]
    public void TearDown() => _issuer.Dispose();

    [Test]
    public async Task The_running_refresher_fetches_a_new_jwksUri_and_the_push_carries_its_keys_inline()
    {
        await using var server = await JwksServer.StartAsync(_issuer.Jwks).WaitAsync(Timeout);
        using var pipeline = new JwksPipeline();
        await pipeline.Refresher.StartAsync(CancellationToken.None).WaitAsync(Timeout);
        try
        {
            pipeline.RequireJwt(_issuer.Issuer, server.Uri);

            // No proxy asked for listeners in between: the fetch is the refresher's, woken by the config change.
            var push = await pipeline.NextPushAsync(JwksPushes.Reason, Timeout);
            var listeners = pipeline.Listeners();
            Assert.Multiple(() =>
            {
                Assert.That(server.Requests, Is.EqualTo(1));
                Assert.That(push.Types, Is.Not.Null, "a narrow push, not a full one");
                Assert.That(InboundJwtFilter.LocalJwks(listeners), Is.EqualTo(_issuer.Jwks));
                Assert.That(InboundJwtFilter.Run(listeners, _issuer.Token("alice", audience: null)).Allowed, Is.True);
            });
        }
        finally
        {
            await pipeline.Refresher.StopAsync(CancellationToken.None).WaitAsync(Timeout);
        }
    }

    [Test]
    public async Task A_rotated_key_set_is_pushed_and_rebuilds_the_cached_listener_only()
    {
        using var rotated = TestIssuer.Rsa(_issuer.Issuer);
        await using var server = await JwksServer.StartAsync(_issuer.Jwks).WaitAsync(Timeout);
        var clock = new ManualTimeProvider();
        using var pipeline = new JwksPipeline(new JwksResolverOptions { RefreshInterval = TimeSpan.FromMinutes(20) }, resolverClock: clock);
        pipeline.RequireJwt(_issuer.Issuer, server.Uri);
        await pipeline.Refresher.SyncAsync(CancellationToken.None).WaitAsync(Timeout);
        await pipeline.NextPushAsync(JwksPushes.Reason, Timeout);
        Assert.That(InboundJwtFilter.LocalJwks(pipeline.Listeners()), Is.EqualTo(_issuer.Jwks));
        Assert.That(pipeline.Clusters(), Is.Not.Empty, "CDS generated too, so the push must say whether it is stale");

        server.Jwks = rotated.Jwks;
        await pipeline.Refresher.SyncAsync(CancellationToken.None).WaitAsync(Timeout);
        Assert.That(server.Requests, Is.EqualTo(1), "the refresh is not due yet");
        Assert.That(InboundJwtFilter.LocalJwks(pipeline.Listeners()), Is.EqualTo(_issuer.Jwks), "the cached listener still holds the old keys");

        clock.Advance(TimeSpan.FromMinutes(20));
        await pipeline.Refresher.SyncAsync(CancellationToken.None).WaitAsync(Timeout);
        var push = await pipeline.NextPushAsync(JwksPushes.Reason, Timeout);

        var listeners = pipeline.Listeners();
        Assert.Multiple(() =>
        {
            Assert.That(server.Requests, Is.EqualTo(2));
            Assert.That(push.TypesFor?.Invoke(pipeline.Sidecar), Is.EquivalentTo(new[] { XdsTypeUrls.Listener }),
                "the sidecar re-fetches listeners (they read RequestAuthentication), not clusters");
            Assert.That(InboundJwtFilter.LocalJwks(listeners), Is.EqualTo(rotated.Jwks));
            Assert.That(InboundJwtFilter.Run(listeners, rotated.Token("alice", audience: null)).Allowed, Is.True, "the new key verifies");
            Assert.That(InboundJwtFilter.Run(listeners, _issuer.Token("alice", audience: null)).Status, Is.EqualTo(401), "the retired key no longer does");
        });
    }

    [Test]
    public async Task An_unreachable_jwksUri_fails_closed_is_logged_with_its_uri_and_throws_nothing()
    {
        var uri = $"http://127.0.0.1:{ClosedPort()}/jwks";
        using var pipeline = new JwksPipeline(new JwksResolverOptions { FetchTimeout = TimeSpan.FromSeconds(5) });
        pipeline.RequireJwt(_issuer.Issuer, uri);

        Assert.DoesNotThrowAsync(() => pipeline.Refresher.SyncAsync(CancellationToken.None).WaitAsync(Timeout));
        await pipeline.NextPushAsync("config", Timeout);

        var listeners = pipeline.Listeners();
        Assert.Multiple(() =>
        {
            Assert.That(pipeline.Resolver.LastError(uri), Is.Not.Null);
            Assert.That(pipeline.ResolverLog.Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message), Has.Some.Contains(uri));
            Assert.That(InboundJwtFilter.LocalJwks(listeners), Does.Contain(UnverifiableJwks.KeyId));
            Assert.That(InboundJwtFilter.Run(listeners, _issuer.Token("alice", audience: null)).Status, Is.EqualTo(401), "the issuer's tokens are refused");
            Assert.That(InboundJwtFilter.Run(listeners, null).Allowed, Is.True, "a request without a token still passes authentication");
        });
    }

    [Test]
    public async Task An_unreachable_jwksUri_does_not_stop_the_running_refresher_from_fetching_the_others()
    {
        await using var server = await JwksServer.StartAsync(_issuer.Jwks).WaitAsync(Timeout);
        var unreachable = $"http://127.0.0.1:{ClosedPort()}/jwks";
        using var pipeline = new JwksPipeline();
        await pipeline.Refresher.StartAsync(CancellationToken.None).WaitAsync(Timeout);
        try
        {
            pipeline.RequireJwt("https://down.test", unreachable, name: "down");
            pipeline.RequireJwt(_issuer.Issuer, server.Uri);
            await pipeline.NextPushAsync(JwksPushes.Reason, Timeout);
            Assert.Multiple(() =>
            {
                Assert.That(pipeline.Resolver.TryGetJwks(server.Uri), Is.EqualTo(_issuer.Jwks));
                Assert.That(pipeline.Resolver.LastError(unreachable), Is.Not.Null);
                Assert.That(pipeline.Refresher.ExecuteTask?.IsFaulted, Is.False);
            });
        }
        finally
        {
            await pipeline.Refresher.StopAsync(CancellationToken.None).WaitAsync(Timeout);
        }
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
