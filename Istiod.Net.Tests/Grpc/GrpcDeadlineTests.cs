using Grpc.Core;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Istiod.Net.Grpc;
using Istiod.Net.Tests.Infrastructure;

namespace Istiod.Net.Tests.Grpc;

[TestFixture]
public sealed class GrpcDeadlineTests
{
    [Test]
    public async Task Grpc_timeout_header_cancels_the_handler_and_ends_with_deadline_exceeded()
    {
        var state = new TestServiceState();
        await using var server = await GrpcTestServer.StartAsync(b => TestService.Register(b, state)).DefaultTimeout();
        using var raw = server.CreateRawHttpClient();
        var body = GrpcRawRequests.Frame(new StringValue { Value = "wait" }.ToByteArray());
        var request = GrpcRawRequests.Create(TestService.Hang, body, new Dictionary<string, string> { ["grpc-timeout"] = "200m" });

        using var response = await raw.SendAsync(request).DefaultTimeout();
        var (status, message) = await GrpcRawRequests.ReadStatusAsync(response).DefaultTimeout();

        Assert.That(state.HangStarted.Task.IsCompleted, Is.True, "the handler ran");
        Assert.That(status, Is.EqualTo("4"));
        Assert.That(message, Does.Contain("deadline").IgnoreCase);
    }

    [Test]
    public async Task One_nanosecond_timeout_ends_with_deadline_exceeded_trailers_not_a_stream_reset()
    {
        // Issue 13 (low): grpc-timeout 1n used to end in RST_STREAM(INTERNAL_ERROR); the client must get a status.
        var state = new TestServiceState();
        await using var server = await GrpcTestServer.StartAsync(b => TestService.Register(b, state)).DefaultTimeout();
        using var raw = server.CreateRawHttpClient();
        var body = GrpcRawRequests.Frame(new StringValue { Value = "wait" }.ToByteArray());
        var request = GrpcRawRequests.Create(TestService.Hang, body, new Dictionary<string, string> { ["grpc-timeout"] = "1n" });

        using var response = await raw.SendAsync(request).DefaultTimeout();
        var (status, message) = await GrpcRawRequests.ReadStatusAsync(response).DefaultTimeout();

        Assert.That((int)response.StatusCode, Is.EqualTo(200));
        Assert.That(status, Is.EqualTo("4"), message);
    }

    [Test]
    public async Task Client_deadline_ends_the_call_with_deadline_exceeded()
    {
        var state = new TestServiceState();
        await using var server = await GrpcTestServer.StartAsync(b => TestService.Register(b, state)).DefaultTimeout();
        using var channel = server.CreateClientChannel();
        var options = new TestCallOptions { Deadline = DateTimeOffset.UtcNow.AddMilliseconds(300) };

        var ex = Assert.ThrowsAsync<RpcException>(() =>
            channel.UnaryAsync(TestService.Hang, new StringValue(), StringValue.Parser, options).DefaultTimeout());

        Assert.That(ex!.StatusCode, Is.EqualTo(StatusCode.DeadlineExceeded));
    }

    [Test]
    public async Task Deadline_already_passed_fails_without_reaching_the_server()
    {
        var state = new TestServiceState();
        await using var server = await GrpcTestServer.StartAsync(b => TestService.Register(b, state)).DefaultTimeout();
        using var channel = server.CreateClientChannel();
        var options = new TestCallOptions { Deadline = DateTimeOffset.UtcNow.AddSeconds(-1) };

        var ex = Assert.ThrowsAsync<RpcException>(() =>
            channel.UnaryAsync(TestService.Hang, new StringValue(), StringValue.Parser, options).DefaultTimeout());

        Assert.That(ex!.StatusCode, Is.EqualTo(StatusCode.DeadlineExceeded));
        Assert.That(state.HangStarted.Task.IsCompleted, Is.False);
    }

    [Test]
    public async Task Cancelling_the_call_token_ends_with_cancelled()
    {
        var state = new TestServiceState();
        await using var server = await GrpcTestServer.StartAsync(b => TestService.Register(b, state)).DefaultTimeout();
        using var channel = server.CreateClientChannel();
        using var cts = new CancellationTokenSource();
        var call = channel.UnaryAsync(TestService.Hang, new StringValue(), StringValue.Parser, new TestCallOptions { CancellationToken = cts.Token });
        await state.HangStarted.Task.DefaultTimeout();

        await cts.CancelAsync();

        var ex = Assert.ThrowsAsync<RpcException>(() => call.DefaultTimeout());
        Assert.That(ex!.StatusCode, Is.EqualTo(StatusCode.Cancelled));
    }
}
