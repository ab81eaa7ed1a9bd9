using System.Net;
using System.Net.Sockets;
using Envoy.Config.Listener.V3;
using Istiod.Net.Hosting;
using Istiod.Net.Security.RequestAuthn;
using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Tests.Security;
using Istiod.Net.Tests.Security.RequestAuthn;
using Istiod.Net.Xds.Protocol;

namespace Istiod.Net.Tests.Hosting;

/// <summary>
/// The whole host on real ports serving a config folder whose RequestAuthentication names a jwksUri on a
/// real HTTP server: a client playing a stock Envoy subscribes to LDS over ADS and receives the server's keys
/// inline in jwt_authn, then the rotated keys, without restarting anything.
/// </summary>
public sealed class JwksOverXdsTests
{
    private const string NodeId = "sidecar~10.0.0.1~httpbin-1.default~default.svc.cluster.local";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Test]
    public async Task Envoy_gets_the_fetched_keys_inline_and_then_the_rotated_ones()
    {
        using var issuer = TestIssuer.Rsa("https://issuer.e2e.test");
        using var rotated = TestIssuer.Rsa(issuer.Issuer);
        await using var server = await JwksServer.StartAsync(issuer.Jwks).WaitAsync(Timeout);
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("httpbin.yaml"), $$"""
            apiVersion: networking.istio.io/v1
            kind: ServiceEntry
            metadata: {name: httpbin, namespace: default}
            spec:
              hosts: [httpbin.default.svc.cluster.local]
              addresses: [10.96.0.20]
              ports: [{number: 8000, name: http, protocol: HTTP}]
              resolution: STATIC
              location: MESH_INTERNAL
              endpoints: [{address: 10.0.0.1}]
            ---
            apiVersion: security.istio.io/v1
            kind: RequestAuthentication
            metadata: {name: jwt, namespace: default}
            spec:
              jwtRules: [{issuer: "{{issuer.Issuer}}", jwksUri: "{{server.Uri}}"}]
            """);

        ServeOptions options = null!;
        await using var app = await HostPorts.StartAsync(ports =>
        {
            options = new ServeOptions
            {
                ConfigDir = folder.Path,
                Bind = "127.0.0.1",
                XdsPort = ports[0],
                SecurePort = ports[1],
                MonitoringPort = ports[2],
                WebhookPort = ports[3],
                CaDir = folder.File("ca"),
                LogLevel = "error",
                DebounceAfter = TimeSpan.FromMilliseconds(10),
                // A short refresh so the rotation reaches the proxy within the test; nothing asserts how soon.
                Jwks = new JwksResolverOptions { RefreshInterval = TimeSpan.FromSeconds(1) },
                JwksRefresh = new JwksRefresherOptions { CheckInterval = TimeSpan.FromMilliseconds(200) },
            };
            return IstiodHost.Build(options, LoggingSetup.Create(options));
        }, Timeout);
        try
        {
            await using var envoy = await StockEnvoyStreams.OpenAsync(
                $"http://127.0.0.1:{options.XdsPort}", NodeId, new Dictionary<string, string>(), alsoListeners: true);

            var first = await ListenersUntilAsync(envoy, issuer.Jwks);
            Assert.That(InboundJwtFilter.Run(first, issuer.Token("alice", audience: null)).Allowed, Is.True);

            server.Jwks = rotated.Jwks;
            var second = await ListenersUntilAsync(envoy, rotated.Jwks);
            Assert.Multiple(() =>
            {
                Assert.That(InboundJwtFilter.Run(second, rotated.Token("alice", audience: null)).Allowed, Is.True);
                Assert.That(InboundJwtFilter.Run(second, issuer.Token("alice", audience: null)).Status, Is.EqualTo(401));
                Assert.That(envoy.Failure, Is.Null);
            });
        }
        finally
        {
            await app.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>LDS responses as they come, until virtualInbound's jwt_authn carries <paramref name="jwks"/>.</summary>
    private static async Task<IReadOnlyList<Listener>> ListenersUntilAsync(AdsTestClient envoy, string jwks)
    {
        var deadline = DateTimeOffset.UtcNow + Timeout;
        var seen = new List<string>();
        while (DateTimeOffset.UtcNow < deadline)
        {
            var response = await envoy.NextAsync(XdsTypeUrls.Listener, deadline - DateTimeOffset.UtcNow);
            var listeners = response.Resources.Select(r => r.As<Listener>()).ToList();
            if (InboundJwtFilter.Chains(listeners).Count > 0)
            {
                var inline = InboundJwtFilter.LocalJwks(listeners);
                if (inline == jwks)
                {
                    return listeners;
                }

                seen.Add(inline.Contains(UnverifiableJwks.KeyId, StringComparison.Ordinal) ? "the fail-closed key set" : "another key set");
            }
        }

        Assert.Fail($"no LDS response carried the expected key set; saw {string.Join(", ", seen)}");
        return [];
    }

}
