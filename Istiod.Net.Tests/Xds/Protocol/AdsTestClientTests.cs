using ClusterMessage = Envoy.Config.Cluster.V3.Cluster;
using ClusterLoadAssignment = Envoy.Config.Endpoint.V3.ClusterLoadAssignment;
using Envoy.Service.Discovery.V3;
using Google.Protobuf.WellKnownTypes;
using Istiod.Net.Grpc;
using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Xds.Protocol;
using static Istiod.Net.Xds.Protocol.XdsTypeUrls;

namespace Istiod.Net.Tests.Xds.Protocol;

/// <summary>The shared ADS test client itself, against the real ADS service over real sockets (and one lying server).</summary>
public sealed class AdsTestClientTests
{
    [Test]
    public async Task Many_streams_share_one_connection_and_each_sees_its_own_resources()
    {
        using var host = new AdsTestHost();
        host.Provider.Set(Cluster, TestResources.Cluster("a"), TestResources.Cluster("b"));
        host.Provider.Set(Endpoint, TestResources.Endpoint("a", "10.0.0.1"), TestResources.Endpoint("b", "10.0.0.2"));
        await using var server = await GrpcTestServer.StartAsync(builder => host.Service.Register(builder)).DefaultTimeout();
        using var channel = server.CreateClientChannel(new TestGrpcChannelOptions { EnableMultipleHttp2Connections = false });

        await using var sotw = AdsTestClient.Open(channel, AdsTestMode.Sotw, new AdsTestClientOptions { NodeId = "n1", AutoAck = true });
        await using var delta = AdsTestClient.Open(channel, AdsTestMode.Delta, new AdsTestClientOptions { NodeId = "n2", AutoAck = true });
        await sotw.SubscribeAsync(Endpoint, "a");
        await delta.SubscribeAsync(Endpoint, "b");

        var a = await sotw.WaitForResourceAsync<ClusterLoadAssignment>(Endpoint, "a").DefaultTimeout();
        var b = await delta.WaitForResourceAsync<ClusterLoadAssignment>(Endpoint, "b").DefaultTimeout();
        Assert.That(a.ClusterName, Is.EqualTo("a"));
        Assert.That(b.ClusterName, Is.EqualTo("b"));
        Assert.That(sotw.Resources(Endpoint).Keys, Is.EquivalentTo(new[] { "a" }));

        // Auto-ACKs reached the server with each response's version.
        await Eventually.True(() => host.Registry.Snapshot().Count == 2 && host.Registry.Snapshot().All(c => c.Types[Endpoint].AckedVersion == "v1"), "both ACKs");
        var peers = host.Registry.Snapshot().Select(c => c.Peer).Distinct().ToArray();
        Assert.That(peers, Has.Length.EqualTo(1), "both streams on one HTTP/2 connection");

        await delta.UnsubscribeAsync(Endpoint, "b");
        await delta.SubscribeAsync(Endpoint, "a");
        await delta.WaitForAsync(Endpoint, held => held.ContainsKey("a")).DefaultTimeout();
    }

    [Test]
    public async Task An_ack_of_a_response_that_is_no_longer_the_newest_is_refused_by_the_client()
    {
        using var host = new AdsTestHost();
        host.Provider.Set(Cluster, TestResources.Cluster("a"));
        await using var server = await GrpcTestServer.StartAsync(builder => host.Service.Register(builder)).DefaultTimeout();
        await using var client = AdsTestClient.Open(server.Address.ToString(), AdsTestMode.Sotw);
        await client.SubscribeAsync(Cluster);
        var first = await client.NextAsync(Cluster).DefaultTimeout();
        host.Provider.Set(Cluster, TestResources.Cluster("a"), TestResources.Cluster("c"));
        host.Provider.Push("v2", Cluster);
        var second = await client.NextAsync(Cluster).DefaultTimeout();

        var error = Assert.ThrowsAsync<InvalidOperationException>(() => client.AckAsync(first));
        Assert.That(error!.Message, Does.Contain(second.Nonce));
        await client.AckAsync(second).DefaultTimeout();
        await Eventually.True(() => host.Registry.Snapshot().Single().Types[Cluster].AckedVersion == "v2", "the ACK of v2");
    }

    [Test]
    public async Task A_server_that_sends_a_nonce_twice_fails_the_stream_with_a_protocol_violation()
    {
        await using var server = await GrpcTestServer.StartAsync(builder => builder.AddDuplexStreaming<DiscoveryRequest, DiscoveryResponse>(
            AdsService.StreamMethod, DiscoveryRequest.Parser, RepeatingNonceAsync)).DefaultTimeout();
        await using var client = AdsTestClient.Open(server.Address.ToString(), AdsTestMode.Sotw);
        await client.SubscribeAsync(Cluster);

        var first = await client.NextAsync(Cluster).DefaultTimeout();
        Assert.That(first.Nonce, Is.EqualTo("1"));
        var error = Assert.ThrowsAsync<AdsProtocolViolationException>(() => client.NextAsync(Cluster).DefaultTimeout());
        Assert.That(error!.Message, Does.Contain("nonce 1 was used twice"));
        Assert.That(client.Failure, Is.TypeOf<AdsProtocolViolationException>());
    }

    private static async Task RepeatingNonceAsync(
        IAsyncEnumerable<DiscoveryRequest> requests, IGrpcStreamWriter<DiscoveryResponse> writer, GrpcCallContext context)
    {
        await foreach (var request in requests.WithCancellation(context.CancellationToken))
        {
            var response = new DiscoveryResponse { TypeUrl = Cluster, VersionInfo = "v1", Nonce = "1", Resources = { Any.Pack(new ClusterMessage { Name = "a" }) } };
            await writer.WriteAsync(response, context.CancellationToken);
            await writer.WriteAsync(response, context.CancellationToken);
            _ = request;
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
        }
    }
}
