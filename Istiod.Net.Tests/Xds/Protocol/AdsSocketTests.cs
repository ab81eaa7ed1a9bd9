using Envoy.Config.Core.V3;
using Envoy.Service.Discovery.V3;
using Istiod.Net.Grpc;
using Istiod.Net.Grpc.Client;
using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Xds.Protocol;
using static Istiod.Net.Xds.Protocol.XdsTypeUrls;

namespace Istiod.Net.Tests.Xds.Protocol;

/// <summary>The ADS service behind the real gRPC transport, on a real socket, driven by the project's gRPC client.</summary>
public sealed class AdsSocketTests
{
    private AdsTestHost _host = null!;
    private GrpcTestServer _server = null!;
    private GrpcChannel _channel = null!;

    [SetUp]
    public async Task SetUp()
    {
        _host = new AdsTestHost();
        _host.Provider.Set(Cluster, TestResources.Cluster("a"), TestResources.Cluster("b"));
        _host.Provider.Set(Endpoint, TestResources.Endpoint("a", "10.0.0.1"));
        _server = await GrpcTestServer.StartAsync(builder => _host.Service.Register(builder)).DefaultTimeout();
        _channel = _server.CreateChannel();
    }

    [TearDown]
    public async Task TearDown()
    {
        _channel.Dispose();
        await _server.DisposeAsync().AsTask().DefaultTimeout();
        _host.Dispose();
    }

    [Test]
    public async Task Sotw_subscribe_ack_push_nack_and_close_over_http2()
    {
        await using var call = _channel.StartDuplex<DiscoveryRequest, DiscoveryResponse>(AdsService.StreamMethod, DiscoveryResponse.Parser);
        await call.WriteAsync(new DiscoveryRequest { Node = new Node { Id = "sidecar~10.0.0.9~x.ns~ns.svc.cluster.local" }, TypeUrl = Cluster }).DefaultTimeout();
        var first = await call.ReadAsync().DefaultTimeout();
        Assert.That(first, Is.Not.Null);
        Assert.That(SotwTestClient.Names(first!), Is.EqualTo(new[] { "a", "b" }));
        await call.WriteAsync(new DiscoveryRequest { TypeUrl = Cluster, VersionInfo = first!.VersionInfo, ResponseNonce = first.Nonce }).DefaultTimeout();
        await AckedAsync(Cluster, "v1");

        _host.Provider.Remove(Cluster, "b");
        _host.Provider.Push("v2", Cluster);
        var second = await call.ReadAsync().DefaultTimeout();
        Assert.That(SotwTestClient.Names(second!), Is.EqualTo(new[] { "a" }));
        Assert.That(long.Parse(second!.Nonce, System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(long.Parse(first.Nonce, System.Globalization.CultureInfo.InvariantCulture)));

        await call.WriteAsync(new DiscoveryRequest
        {
            TypeUrl = Cluster,
            VersionInfo = first.VersionInfo,
            ResponseNonce = second.Nonce,
            ErrorDetail = new Google.Rpc.Status { Message = "no clusters left" },
        }).DefaultTimeout();
        var status = await Eventually.Get(
            () => _host.Registry.Snapshot().SingleOrDefault()?.Types.GetValueOrDefault(Cluster),
            s => s.Nack is not null,
            "the NACK");
        Assert.That(status.Nack!.Error, Is.EqualTo("no clusters left"));
        Assert.That(status.AckedVersion, Is.EqualTo("v1"));
        Assert.That(_host.Registry.Snapshot().Single().Peer, Does.StartWith("127.0.0.1:"));

        await call.CompleteRequestAsync().DefaultTimeout();
        Assert.That(await call.ReadAsync().DefaultTimeout(), Is.Null);
        Assert.That((await call.Status.DefaultTimeout()).Code, Is.EqualTo(GrpcStatusCode.Ok));
        Assert.That(_host.Registry.Count, Is.Zero);
        Assert.That(_host.Provider.Disconnected, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_first_request_without_node_ends_the_call_with_invalid_argument()
    {
        await using var call = _channel.StartDuplex<DiscoveryRequest, DiscoveryResponse>(AdsService.StreamMethod, DiscoveryResponse.Parser);
        await call.WriteAsync(new DiscoveryRequest { TypeUrl = Cluster }).DefaultTimeout();

        var error = Assert.ThrowsAsync<GrpcException>(async () => await call.ReadAsync().DefaultTimeout());
        Assert.That(error!.Status, Is.EqualTo(GrpcStatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain("node"));
    }

    [Test]
    public async Task A_client_that_goes_away_is_disconnected()
    {
        var call = _channel.StartDuplex<DiscoveryRequest, DiscoveryResponse>(AdsService.StreamMethod, DiscoveryResponse.Parser);
        await call.WriteAsync(new DiscoveryRequest { Node = new Node { Id = "gone" }, TypeUrl = Cluster }).DefaultTimeout();
        Assert.That(await call.ReadAsync().DefaultTimeout(), Is.Not.Null);
        Assert.That(_host.Registry.Count, Is.EqualTo(1));

        await call.DisposeAsync().AsTask().DefaultTimeout();

        await Eventually.True(() => _host.Registry.Count == 0 && _host.Provider.Disconnected.Count == 1, "the server to notice the reset stream");
        Assert.That(_host.MetricsRecorder.Sum("pilot_xds"), Is.Zero);
    }

    [Test]
    public async Task Delta_subscribe_and_removal_over_http2()
    {
        await using var call = _channel.StartDuplex<DeltaDiscoveryRequest, DeltaDiscoveryResponse>(AdsService.DeltaMethod, DeltaDiscoveryResponse.Parser);
        await call.WriteAsync(new DeltaDiscoveryRequest
        {
            Node = new Node { Id = "delta-client" },
            TypeUrl = Endpoint,
            ResourceNamesSubscribe = { "a" },
        }).DefaultTimeout();
        var first = await call.ReadAsync().DefaultTimeout();
        Assert.That(first!.Resources.Select(r => r.Name), Is.EqualTo(new[] { "a" }));
        await call.WriteAsync(new DeltaDiscoveryRequest { TypeUrl = Endpoint, ResponseNonce = first.Nonce }).DefaultTimeout();
        await AckedAsync(Endpoint, "v1");

        _host.Provider.Remove(Endpoint, "a");
        _host.Provider.Push("v2", Endpoint);
        var second = await call.ReadAsync().DefaultTimeout();
        Assert.That(second!.Resources, Is.Empty);
        Assert.That(second.RemovedResources, Is.EqualTo(new[] { "a" }));
        Assert.That(second.SystemVersionInfo, Is.EqualTo("v2"));
    }

    private Task<XdsTypeStatus> AckedAsync(string typeUrl, string version) => Eventually.Get(
        () => _host.Registry.Snapshot().SingleOrDefault()?.Types.GetValueOrDefault(typeUrl),
        status => status.AckedVersion == version,
        $"the ACK of {version}");
}
