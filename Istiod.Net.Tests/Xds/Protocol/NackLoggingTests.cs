using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Xds.Protocol;
using Microsoft.Extensions.Logging;
using static Istiod.Net.Xds.Protocol.XdsTypeUrls;
using GrpcNetChannel = Grpc.Net.Client.GrpcChannel;

namespace Istiod.Net.Tests.Xds.Protocol;

/// <summary>
/// NACKs and client text in the logs, over a real socket (issue 13, finding 7: the same nonce NACKed without
/// end, each time logging the full error_detail, 476 MB in 5 s, and newlines in it forged log lines).
/// </summary>
public sealed class NackLoggingTests
{
    private const string Forged = "x\n12:00:00.000 INFO Istiod.Net.Security.CaApi.IstioCertificateService: issued serial 00 (FORGED)\r\n";

    private GrpcTestServerLogProvider _logs = null!;
    private ILoggerFactory _loggers = null!;
    private AdsTestHost _host = null!;
    private GrpcTestServer _server = null!;
    private GrpcNetChannel _channel = null!;

    [SetUp]
    public async Task SetUp()
    {
        _logs = new GrpcTestServerLogProvider();
        _loggers = LoggerFactory.Create(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Debug));
        _host = new AdsTestHost(_loggers.CreateLogger<AdsService>());
        _host.Provider.Set(Cluster, TestResources.Cluster("a"));
        _server = await GrpcTestServer.StartAsync(builder => _host.Service.Register(builder)).DefaultTimeout();
        _channel = _server.CreateClientChannel();
    }

    [TearDown]
    public async Task TearDown()
    {
        _channel.Dispose();
        await _server.DisposeAsync().AsTask().DefaultTimeout();
        _host.Dispose();
        _loggers.Dispose();
        _logs.Dispose();
    }

    [Test]
    public async Task The_same_nonce_nacked_again_and_again_is_logged_once_escaped_and_cut()
    {
        await using var client = AdsTestClient.Open(_channel, AdsTestMode.Sotw, new AdsTestClientOptions { NodeId = "sidecar~10.0.0.7~nack.ns\nFORGED~ns.svc.cluster.local" });
        await client.SubscribeAsync(Cluster).DefaultTimeout();
        var response = await client.NextAsync(Cluster).DefaultTimeout();
        var message = Forged + new string('y', 100_000);
        const int Nacks = 50;
        for (var i = 0; i < Nacks; i++)
        {
            await client.NackAsync(response, message).DefaultTimeout();
        }

        await Eventually.True(() => _host.MetricsRecorder.Sum("istiod_xds_repeated_nacks", "CDS") == Nacks - 1, "every repeated NACK to be counted");
        Assert.That(_host.MetricsRecorder.Sum("pilot_total_xds_rejects", "CDS"), Is.EqualTo(1), "a rejection is one rejection, however often it is repeated");

        var entries = _logs.Entries.ToList();
        var warned = entries.Where(e => e.EventId.Id == 3003).ToList();
        Assert.That(warned, Has.Count.EqualTo(1));
        Assert.That(warned[0].Level, Is.EqualTo(LogLevel.Warning));
        Assert.That(warned[0].Message, Does.Contain("x\\n12:00:00.000 INFO").And.Contain("more)"));
        Assert.That(warned[0].Message.Length, Is.LessThan(2000));
        Assert.That(entries.Where(e => e.EventId.Id == 9161).All(e => e.Level == LogLevel.Debug && !e.Message.Contains('y')), Is.True);

        // No log line of the stream carries a raw line break from the client, the node id included.
        Assert.That(entries.Where(e => e.Message.Contains('\n') || e.Message.Contains('\r')), Is.Empty);
        Assert.That(entries.Single(e => e.EventId.Id == 3000).Message, Does.Contain("nack.ns\\nFORGED"));

        // The NACK kept for /debug/syncz is cut too.
        var status = _host.Registry.Snapshot().Single().Types[Cluster];
        Assert.That(status.Nack!.Error.Length, Is.LessThan(5000));
    }

    /// <summary>The guard on the fix: suppressing repeats must not hide the rejection of a new response.</summary>
    [Test]
    public async Task A_new_response_nacked_is_logged_again()
    {
        await using var client = AdsTestClient.Open(_channel, AdsTestMode.Sotw);
        await client.SubscribeAsync(Cluster).DefaultTimeout();
        var first = await client.NextAsync(Cluster).DefaultTimeout();
        await client.NackAsync(first, "first").DefaultTimeout();

        // Before the push: a NACK read after the next response would be stale, and rightly ignored.
        await Eventually.True(() => _host.MetricsRecorder.Sum("pilot_total_xds_rejects", "CDS") == 1, "the first NACK to be counted");

        _host.Provider.Set(Cluster, TestResources.Cluster("a"), TestResources.Cluster("b"));
        _host.Provider.Push("v2", Cluster);
        var second = await client.NextAsync(Cluster).DefaultTimeout();
        await client.NackAsync(second, "second").DefaultTimeout();

        await Eventually.True(() => _host.MetricsRecorder.Sum("pilot_total_xds_rejects", "CDS") == 2, "both NACKs to be counted");
        Assert.That(_logs.Entries.Where(e => e.EventId.Id == 3003).Select(e => e.Message.EndsWith("first", StringComparison.Ordinal) ? "first" : "second"), Is.EqualTo(new[] { "first", "second" }));
    }
}
