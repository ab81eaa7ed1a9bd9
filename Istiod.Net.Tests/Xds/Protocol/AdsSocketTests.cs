using ClusterMessage = Envoy.Config.Cluster.V3.Cluster;
using Envoy.Config.Core.V3;
using Envoy.Service.Discovery.V3;
using Grpc.Core;
using Istiod.Net.Tests.Infrastructure;
using static Istiod.Net.Xds.Protocol.XdsTypeUrls;
using GrpcNetChannel = Grpc.Net.Client.GrpcChannel;

namespace Istiod.Net.Tests.Xds.Protocol;

/// <summary>The ADS service behind the real gRPC transport, on a real socket, driven by <see cref="AdsTestClient"/> on Grpc.Net.Client.</summary>
public sealed class AdsSocketTests
{
    private AdsTestHost _host = null!;
    private GrpcTestServer _server = null!;
    private GrpcNetChannel _channel = null!;

    [SetUp]
    public async Task SetUp()
    {
        _host = new AdsTestHost();
        _host.Provider.Set(Cluster, TestResources.Cluster("a"), TestResources.Cluster("b"));
        _host.Provider.Set(Endpoint, TestResources.Endpoint("a", "10.0.0.1"));
        _server = await GrpcTestServer.StartAsync(builder => _host.Service.Register(builder)).DefaultTimeout();
        _channel = _server.CreateClientChannel();
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
        await using var client = AdsTestClient.Open(_channel, AdsTestMode.Sotw, new AdsTestClientOptions { NodeId = "sidecar~10.0.0.9~x.ns~ns.svc.cluster.local" });
        await client.SubscribeAsync(Cluster);
        var first = await client.NextAsync(Cluster).DefaultTimeout();
        Assert.That(first.Names, Is.EqualTo(new[] { "a", "b" }));
        Assert.That(client.Decoded<ClusterMessage>(Cluster)["b"].Name, Is.EqualTo("b"));
        await client.AckAsync(first).DefaultTimeout();
        await AckedAsync(Cluster, "v1");

        _host.Provider.Remove(Cluster, "b");
        _host.Provider.Push("v2", Cluster);
        var second = await client.NextAsync(Cluster).DefaultTimeout();
        Assert.That(second.Names, Is.EqualTo(new[] { "a" }));
        Assert.That(client.Resources(Cluster).Keys, Is.EquivalentTo(new[] { "a" }));
        Assert.That(long.Parse(second.Nonce, System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(long.Parse(first.Nonce, System.Globalization.CultureInfo.InvariantCulture)));

        // The NACK repeats the version last ACKed (v1) with the new nonce.
        await client.NackAsync(second, "no clusters left").DefaultTimeout();
        var status = await Eventually.Get(
            () => _host.Registry.Snapshot().SingleOrDefault()?.Types.GetValueOrDefault(Cluster),
            s => s.Nack is not null,
            "the NACK");
        Assert.That(status.Nack!.Error, Is.EqualTo("no clusters left"));
        Assert.That(status.AckedVersion, Is.EqualTo("v1"));
        Assert.That(_host.Registry.Snapshot().Single().Peer, Does.StartWith("127.0.0.1:"));

        var end = await client.CloseAsync().DefaultTimeout();
        Assert.That(end.StatusCode, Is.EqualTo(StatusCode.OK));
        Assert.That(client.Failure, Is.Null);
        await Eventually.True(() => _host.Registry.Count == 0, "the closed stream to be gone");
        Assert.That(_host.Provider.Disconnected, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_first_request_without_node_ends_the_call_with_invalid_argument()
    {
        await using var client = AdsTestClient.Open(_channel, AdsTestMode.Sotw);
        client.OmitNode();
        await client.SendAsync(new DiscoveryRequest { TypeUrl = Cluster }).DefaultTimeout();

        var error = Assert.ThrowsAsync<RpcException>(async () => await client.NextAsync().DefaultTimeout());
        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Status.Detail, Does.Contain("node"));
    }

    [Test]
    public async Task A_client_that_goes_away_is_disconnected()
    {
        var client = AdsTestClient.Open(_channel, AdsTestMode.Sotw, new AdsTestClientOptions { NodeId = "gone" });
        await client.SubscribeAsync(Cluster).DefaultTimeout();
        await client.NextAsync(Cluster).DefaultTimeout();
        Assert.That(_host.Registry.Count, Is.EqualTo(1));

        await client.DisposeAsync().AsTask().DefaultTimeout();

        await Eventually.True(() => _host.Registry.Count == 0 && _host.Provider.Disconnected.Count == 1, "the server to notice the reset stream");
        Assert.That(_host.MetricsRecorder.Sum("pilot_xds"), Is.Zero);
    }

    [Test]
    public async Task Delta_subscribe_and_removal_over_http2()
    {
        await using var client = AdsTestClient.Open(_channel, AdsTestMode.Delta, new AdsTestClientOptions { NodeId = "delta-client" });
        await client.SubscribeAsync(Endpoint, "a").DefaultTimeout();
        var first = await client.NextAsync(Endpoint).DefaultTimeout();
        Assert.That(first.Names, Is.EqualTo(new[] { "a" }));
        await client.AckAsync(first).DefaultTimeout();
        await AckedAsync(Endpoint, "v1");

        _host.Provider.Remove(Endpoint, "a");
        _host.Provider.Push("v2", Endpoint);
        var second = await client.NextAsync(Endpoint).DefaultTimeout();
        Assert.That(second.Resources, Is.Empty);
        Assert.That(second.Removed, Is.EqualTo(new[] { "a" }));
        Assert.That(second.Version, Is.EqualTo("v2"));
        Assert.That(client.Resources(Endpoint), Is.Empty);
    }

    private Task<Istiod.Net.Xds.Protocol.XdsTypeStatus> AckedAsync(string typeUrl, string version) => Eventually.Get(
        () => _host.Registry.Snapshot().SingleOrDefault()?.Types.GetValueOrDefault(typeUrl),
        status => status.AckedVersion == version,
        $"the ACK of {version}");
}
