using Grpc.Core;
using Istiod.Net.Hosting;
using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Xds.Protocol;
using Secret = Envoy.Extensions.TransportSockets.Tls.V3.Secret;

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
        await using var host = await SecurityTestHost.StartAsync(
            new Dictionary<string, (string, string)> { [SleepToken] = ("default", "sleep") },
            options => options with { MaxConnectionAge = TimeSpan.FromSeconds(2) });
        var tls = host.TlsOptions();
        var address = host.SecureAddress;
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
}
