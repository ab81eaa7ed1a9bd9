using Grpc.Core;
using Istiod.Net.Diagnostics;
using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Xds.Protocol;
using Microsoft.Extensions.Logging;
using static Istiod.Net.Xds.Protocol.XdsTypeUrls;
using GrpcNetChannel = Grpc.Net.Client.GrpcChannel;

namespace Istiod.Net.Tests.Xds.Protocol;

/// <summary>
/// Type URLs this control plane does not serve, over a real socket (issue 13, finding 6: each one made a
/// permanent pilot_xds_pushes series named by the client, 50 × 1 MB URLs a 51 MB /metrics, and per-stream
/// state without a cap).
/// </summary>
public sealed class UnknownTypeUrlTests
{
    /// <summary>The cap the tests rely on, written out so a change to it is a conscious one.</summary>
    private const int UnknownLimit = 8;

    private MetricsScrape _exporter = null!;
    private GrpcTestServerLogProvider _logs = null!;
    private ILoggerFactory _loggers = null!;
    private AdsTestHost _host = null!;
    private GrpcTestServer _server = null!;
    private GrpcNetChannel _channel = null!;

    [SetUp]
    public async Task SetUp()
    {
        _exporter = await MetricsScrape.StartAsync();
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
        await _exporter.DisposeAsync();
    }

    [Test]
    public async Task Unknown_types_are_labelled_other_in_metrics()
    {
        await using var client = Start();
        await client.SubscribeAsync(Cluster).DefaultTimeout();
        await client.NextAsync(Cluster).DefaultTimeout();
        for (var i = 0; i < UnknownLimit; i++)
        {
            var type = $"type.googleapis.com/x.Made{i}Up";
            await client.SubscribeAsync(type, "a").DefaultTimeout();
            var response = await client.NextAsync(type).DefaultTimeout();
            Assert.That(response.Resources, Is.Empty, "a type we do not serve gets an empty answer");
            await client.NackAsync(response, "no").DefaultTimeout();
        }

        await Eventually.True(() => _host.MetricsRecorder.Sum("pilot_total_xds_rejects", "other") == UnknownLimit, "the NACKs to be counted");
        var metrics = await _exporter.RenderAsync();
        var typeLabels = metrics.Split('\n')
            .Where(line => line.StartsWith("pilot_xds_pushes{", StringComparison.Ordinal) || line.StartsWith("pilot_total_xds_rejects{", StringComparison.Ordinal))
            .ToList();
        Assert.That(metrics, Does.Not.Contain("Made"));
        Assert.That(typeLabels, Does.Contain($"pilot_xds_pushes{{type=\"other\"}} {UnknownLimit}"));
        Assert.That(typeLabels, Does.Contain($"pilot_total_xds_rejects{{type=\"other\"}} {UnknownLimit}"));
        Assert.That(typeLabels, Does.Contain("pilot_xds_pushes{type=\"CDS\"} 1"));
    }

    [Test]
    public async Task One_unknown_type_too_many_ends_the_stream_with_invalid_argument_and_one_log_line()
    {
        await using var client = Start();
        await client.SubscribeAsync(Cluster).DefaultTimeout();
        await client.NextAsync(Cluster).DefaultTimeout();
        for (var i = 0; i < UnknownLimit; i++)
        {
            await client.SubscribeAsync($"type.googleapis.com/x.T{i}", "a").DefaultTimeout();
            await client.NextAsync($"type.googleapis.com/x.T{i}").DefaultTimeout();
        }

        await client.SubscribeAsync("type.googleapis.com/x.OneTooMany\nFORGED", "a").DefaultTimeout();
        var error = Assert.ThrowsAsync<RpcException>(async () => await client.NextAsync().DefaultTimeout());
        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Status.Detail, Does.Contain("at most 8"));

        var refused = _logs.Entries.Where(e => e.EventId.Id == 9160).ToList();
        Assert.That(refused, Has.Count.EqualTo(1));
        Assert.That(refused[0].Message, Does.Contain("x.OneTooMany\\nFORGED").And.Not.Contain("\n"));
        await Eventually.True(() => _host.Registry.Count == 0, "the stream to be gone");
    }

    [Test]
    public async Task A_type_url_longer_than_any_real_one_ends_the_stream()
    {
        await using var client = Start();
        await client.SubscribeAsync("type.googleapis.com/x." + new string('x', 100_000)).DefaultTimeout();
        var error = Assert.ThrowsAsync<RpcException>(async () => await client.NextAsync().DefaultTimeout());
        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Status.Detail, Does.Contain("at most 256"));
        Assert.That(_logs.Entries.Single(e => e.EventId.Id == 9160).Message.Length, Is.LessThan(1000), "the URL is cut in the log");
    }

    [Test]
    public async Task Delta_streams_have_the_same_cap()
    {
        await using var client = AdsTestClient.Open(_channel, AdsTestMode.Delta);
        await client.SubscribeAsync(Cluster).DefaultTimeout();
        await client.NextAsync(Cluster).DefaultTimeout();
        for (var i = 0; i <= UnknownLimit; i++)
        {
            await client.SubscribeAsync($"type.googleapis.com/x.T{i}", "a").DefaultTimeout();
            if (i < UnknownLimit)
            {
                await client.NextAsync($"type.googleapis.com/x.T{i}").DefaultTimeout();
            }
        }

        var error = Assert.ThrowsAsync<RpcException>(async () => await client.NextAsync().DefaultTimeout());
        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
    }

    private AdsTestClient Start() => AdsTestClient.Open(_channel, AdsTestMode.Sotw);
}
