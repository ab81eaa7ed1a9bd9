using Envoy.Config.Core.V3;
using Envoy.Service.Discovery.V3;
using Istiod.Net.Diagnostics;
using Istiod.Net.Grpc;
using Istiod.Net.Grpc.Client;
using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Xds.Protocol;
using Microsoft.Extensions.Logging;
using static Istiod.Net.Xds.Protocol.XdsTypeUrls;

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
    private GrpcChannel _channel = null!;

    [SetUp]
    public async Task SetUp()
    {
        _exporter = await MetricsScrape.StartAsync();
        _logs = new GrpcTestServerLogProvider();
        _loggers = LoggerFactory.Create(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Debug));
        _host = new AdsTestHost(_loggers.CreateLogger<AdsService>());
        _host.Provider.Set(Cluster, TestResources.Cluster("a"));
        _server = await GrpcTestServer.StartAsync(builder => _host.Service.Register(builder)).DefaultTimeout();
        _channel = _server.CreateChannel();
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
        await using var call = Start();
        await call.WriteAsync(new DiscoveryRequest { Node = new Node { Id = SotwTestClient.DefaultNode }, TypeUrl = Cluster }).DefaultTimeout();
        Assert.That(await call.ReadAsync().DefaultTimeout(), Is.Not.Null);
        for (var i = 0; i < UnknownLimit; i++)
        {
            await call.WriteAsync(new DiscoveryRequest { TypeUrl = $"type.googleapis.com/x.Made{i}Up", ResourceNames = { "a" } }).DefaultTimeout();
            var response = await call.ReadAsync().DefaultTimeout();
            Assert.That(response!.Resources, Is.Empty, "a type we do not serve gets an empty answer");
            await call.WriteAsync(new DiscoveryRequest { TypeUrl = response.TypeUrl, ResponseNonce = response.Nonce, ErrorDetail = new Google.Rpc.Status { Message = "no" }, ResourceNames = { "a" } }).DefaultTimeout();
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
        await using var call = Start();
        await call.WriteAsync(new DiscoveryRequest { Node = new Node { Id = SotwTestClient.DefaultNode }, TypeUrl = Cluster }).DefaultTimeout();
        Assert.That(await call.ReadAsync().DefaultTimeout(), Is.Not.Null);
        for (var i = 0; i < UnknownLimit; i++)
        {
            await call.WriteAsync(new DiscoveryRequest { TypeUrl = $"type.googleapis.com/x.T{i}", ResourceNames = { "a" } }).DefaultTimeout();
            Assert.That(await call.ReadAsync().DefaultTimeout(), Is.Not.Null);
        }

        await call.WriteAsync(new DiscoveryRequest { TypeUrl = "type.googleapis.com/x.OneTooMany\nFORGED", ResourceNames = { "a" } }).DefaultTimeout();
        var error = Assert.ThrowsAsync<GrpcException>(async () => await call.ReadAsync().DefaultTimeout());
        Assert.That(error!.Status, Is.EqualTo(GrpcStatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain("at most 8"));

        var refused = _logs.Entries.Where(e => e.EventId.Id == 9160).ToList();
        Assert.That(refused, Has.Count.EqualTo(1));
        Assert.That(refused[0].Message, Does.Contain("x.OneTooMany\\nFORGED").And.Not.Contain("\n"));
        await Eventually.True(() => _host.Registry.Count == 0, "the stream to be gone");
    }

    [Test]
    public async Task A_type_url_longer_than_any_real_one_ends_the_stream()
    {
        await using var call = Start();
        await call.WriteAsync(new DiscoveryRequest
        {
            Node = new Node { Id = SotwTestClient.DefaultNode },
            TypeUrl = "type.googleapis.com/x." + new string('x', 100_000),
        }).DefaultTimeout();
        var error = Assert.ThrowsAsync<GrpcException>(async () => await call.ReadAsync().DefaultTimeout());
        Assert.That(error!.Status, Is.EqualTo(GrpcStatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain("at most 256"));
        Assert.That(_logs.Entries.Single(e => e.EventId.Id == 9160).Message.Length, Is.LessThan(1000), "the URL is cut in the log");
    }

    [Test]
    public async Task Delta_streams_have_the_same_cap()
    {
        await using var call = _channel.StartDuplex<DeltaDiscoveryRequest, DeltaDiscoveryResponse>(AdsService.DeltaMethod, DeltaDiscoveryResponse.Parser);
        await call.WriteAsync(new DeltaDiscoveryRequest { Node = new Node { Id = SotwTestClient.DefaultNode }, TypeUrl = Cluster }).DefaultTimeout();
        Assert.That(await call.ReadAsync().DefaultTimeout(), Is.Not.Null);
        for (var i = 0; i <= UnknownLimit; i++)
        {
            await call.WriteAsync(new DeltaDiscoveryRequest { TypeUrl = $"type.googleapis.com/x.T{i}", ResourceNamesSubscribe = { "a" } }).DefaultTimeout();
            if (i < UnknownLimit)
            {
                Assert.That(await call.ReadAsync().DefaultTimeout(), Is.Not.Null);
            }
        }

        var error = Assert.ThrowsAsync<GrpcException>(async () => await call.ReadAsync().DefaultTimeout());
        Assert.That(error!.Status, Is.EqualTo(GrpcStatusCode.InvalidArgument));
    }

    private GrpcDuplexCall<DiscoveryRequest, DiscoveryResponse> Start() =>
        _channel.StartDuplex<DiscoveryRequest, DiscoveryResponse>(AdsService.StreamMethod, DiscoveryResponse.Parser);
}
