using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Istiod.Net.Hosting;
using Istiod.Net.Security.Ca;
using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Tests.Security;
using Istiod.Net.Xds.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Secret = Envoy.Extensions.TransportSockets.Tls.V3.Secret;
using Serilog;

namespace Istiod.Net.Tests.Hosting;

/// <summary>
/// Issue 13, finding 5b, on the whole host: with <c>--max-connection-age</c> an authenticated ADS stream on the
/// secure port ends (UNAVAILABLE) when its connection reaches the age, and the proxy's reconnect authenticates
/// again and gets its identity's secret.
/// </summary>
public sealed class ConnectionAgeOverSocketsTests
{
    private const string NodeId = "sidecar~10.1.1.1~sleep-1.default~default.svc.cluster.local";
    private const string SleepToken = "sleep-token-0123456789";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Test]
    public async Task Aged_connection_ends_the_stream_and_the_reconnect_authenticates_again()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("tokens.yaml"), $"{SleepToken}:\n  namespace: default\n  serviceAccount: sleep\n  audiences: [istio-ca]\n");
        ServeOptions options = null!;
        var app = await HostPorts.StartAsync(ports =>
        {
            options = new ServeOptions
            {
                Bind = "127.0.0.1",
                XdsPort = ports[0],
                SecurePort = ports[1],
                MonitoringPort = ports[2],
                WebhookPort = ports[3],
                CaDir = folder.File("ca"),
                TokenFile = folder.File("tokens.yaml"),
                DebounceAfter = TimeSpan.FromMilliseconds(10),
                MaxConnectionAge = TimeSpan.FromSeconds(2),
            };
            return IstiodHost.Build(options, new LoggerConfiguration().CreateLogger());
        }, TimeSpan.FromSeconds(60));
        try
        {
            var ca = app.Services.GetRequiredService<CertificateAuthority>();
            var tls = new TestGrpcChannelOptions { TrustedRoots = ca.TrustBundle.ToCollection(), CheckServerName = false };
            var address = $"https://127.0.0.1:{options.SecurePort}";
            var bearer = new Dictionary<string, string> { ["authorization"] = "Bearer " + SleepToken };
            var metadata = new Dictionary<string, string>();

            await using (var first = await StockEnvoyStreams.OpenAsync(address, NodeId, metadata, tls, bearer))
            {
                var secrets = (await first.NextAsync(XdsTypeUrls.Secret, Timeout)).Decoded<Secret>();
                Assert.That(secrets.Keys, Does.Contain("default"));

                // No more responses come: the stream ends when the connection reaches its age.
                var ended = Assert.ThrowsAsync<RpcException>(() => first.NextAsync(XdsTypeUrls.Secret, TimeSpan.FromSeconds(60)));
                Assert.That(ended!.StatusCode, Is.EqualTo(StatusCode.Unavailable), ended.Message);
                Assert.That((first.Failure as RpcException)?.StatusCode, Is.EqualTo(StatusCode.Unavailable), first.Failure?.Message);
            }

            await using var again = await StockEnvoyStreams.OpenAsync(address, NodeId, metadata, tls, bearer);
            var renewed = (await again.NextAsync(XdsTypeUrls.Secret, Timeout)).Decoded<Secret>();
            Assert.That(renewed.Keys, Is.EquivalentTo(new[] { "default", "ROOTCA" }), "the reconnect authenticated with its token again");
        }
        finally
        {
            await app.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
            await app.DisposeAsync();
        }
    }

}
