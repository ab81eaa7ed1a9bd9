using Grpc.Core;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Istiod.Net.Grpc;
using Istiod.Net.Tests.Infrastructure;

namespace Istiod.Net.Tests.Grpc;

[TestFixture]
public sealed class GrpcMessageSizeTests
{
    [Test]
    public async Task Request_over_the_default_4_MiB_receive_limit_ends_with_resource_exhausted()
    {
        await using var server = await GrpcTestServer.StartAsync(b => TestService.Register(b)).DefaultTimeout();
        using var channel = server.CreateClientChannel();
        var big = new BytesValue { Value = ByteString.CopyFrom(new byte[(4 * 1024 * 1024) + 1]) };

        var ex = Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(TestService.Sized, big, BytesValue.Parser).DefaultTimeout());

        Assert.That(ex!.StatusCode, Is.EqualTo(StatusCode.ResourceExhausted));
        Assert.That(ex.Status.Detail, Does.Contain("Received message exceeds the maximum configured message size"));
        // The server is still fine afterwards.
        var echo = await channel.UnaryAsync(TestService.Echo, new StringValue { Value = "ok" }, StringValue.Parser).DefaultTimeout();
        Assert.That(echo.Value, Is.EqualTo("ok"));
    }

    [Test]
    public async Task Request_just_under_the_receive_limit_is_accepted()
    {
        var options = new GrpcTestServerOptions { Server = new GrpcServerOptions { MaxReceiveMessageSize = 1000 } };
        await using var server = await GrpcTestServer.StartAsync(b => TestService.Register(b), options).DefaultTimeout();
        using var channel = server.CreateClientChannel();
        var text = new string('x', 997); // 3 bytes of tag and length: exactly 1000

        var echo = await channel.UnaryAsync(TestService.Echo, new StringValue { Value = text }, StringValue.Parser).DefaultTimeout();
        var ex = Assert.ThrowsAsync<RpcException>(() =>
            channel.UnaryAsync(TestService.Echo, new StringValue { Value = text + "x" }, StringValue.Parser).DefaultTimeout());

        Assert.That(echo.Value, Is.EqualTo(text));
        Assert.That(ex!.StatusCode, Is.EqualTo(StatusCode.ResourceExhausted));
        Assert.That(ex.Status.Detail, Does.Contain("Received message exceeds the maximum configured message size"));
    }

    [Test]
    public async Task Response_over_the_send_limit_ends_with_resource_exhausted()
    {
        var options = new GrpcTestServerOptions { Server = new GrpcServerOptions { MaxSendMessageSize = 1024 * 1024 } };
        await using var server = await GrpcTestServer.StartAsync(b => TestService.Register(b), options).DefaultTimeout();
        using var channel = server.CreateClientChannel();

        var small = await channel.UnaryAsync(TestService.Sized, new Int32Value { Value = 1000 }, BytesValue.Parser).DefaultTimeout();
        var ex = Assert.ThrowsAsync<RpcException>(() =>
            channel.UnaryAsync(TestService.Sized, new Int32Value { Value = 2 * 1024 * 1024 }, BytesValue.Parser).DefaultTimeout());

        Assert.That(small.Value.Length, Is.EqualTo(1000));
        Assert.That(ex!.StatusCode, Is.EqualTo(StatusCode.ResourceExhausted));
        Assert.That(ex.Status.Detail, Does.Contain("Sending message exceeds the maximum configured message size"));
    }

    [Test]
    public void Default_send_limit_is_larger_than_the_receive_limit()
    {
        var defaults = new GrpcServerOptions();

        Assert.That(defaults.MaxReceiveMessageSize, Is.EqualTo(4 * 1024 * 1024));
        Assert.That(defaults.MaxSendMessageSize, Is.EqualTo(64 * 1024 * 1024));
    }

    [Test]
    public async Task Client_send_limit_fails_the_call_before_sending()
    {
        await using var server = await GrpcTestServer.StartAsync(b => TestService.Register(b)).DefaultTimeout();
        using var channel = server.CreateClientChannel(new TestGrpcChannelOptions { MaxSendMessageSize = 10 });

        var ex = Assert.ThrowsAsync<RpcException>(() =>
            channel.UnaryAsync(TestService.Echo, new StringValue { Value = new string('y', 50) }, StringValue.Parser).DefaultTimeout());

        Assert.That(ex!.StatusCode, Is.EqualTo(StatusCode.ResourceExhausted));
        Assert.That(ex.Status.Detail, Is.EqualTo("Sending message exceeds the maximum configured message size."), "Grpc.Net.Client's own check, before the message leaves");
    }
}
