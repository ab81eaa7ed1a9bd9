using Grpc.Core;
using GrpcNetChannel = Grpc.Net.Client.GrpcChannel;
using Google.Protobuf.WellKnownTypes;
using Istiod.Net.Grpc;
using Istiod.Net.Tests.Infrastructure;

namespace Istiod.Net.Tests.Grpc;

[TestFixture]
public sealed class GrpcStreamingTests
{
    private GrpcTestServer _server = null!;
    private GrpcNetChannel _channel = null!;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        _server = await GrpcTestServer.StartAsync(b => TestService.Register(b)).DefaultTimeout();
        _channel = _server.CreateClientChannel();
    }

    [OneTimeTearDown]
    public async Task StopServer()
    {
        _channel.Dispose();
        await _server.DisposeAsync().DefaultTimeout();
    }

    [Test]
    public async Task Duplex_call_answers_each_message_in_turn()
    {
        await using var call = _channel.StartDuplex<StringValue, StringValue>(TestService.Ping, StringValue.Parser);

        foreach (var word in new[] { "a", "b", "c" })
        {
            await call.WriteAsync(new StringValue { Value = word }).DefaultTimeout();
            var reply = await call.ReadAsync().DefaultTimeout();
            Assert.That(reply?.Value, Is.EqualTo("pong:" + word));
        }

        await call.CompleteRequestAsync().DefaultTimeout();
        Assert.That(await call.ReadAsync().DefaultTimeout(), Is.Null);
        Assert.That((await call.Status.DefaultTimeout()).StatusCode, Is.EqualTo(StatusCode.OK));
    }

    [Test]
    public async Task Duplex_call_with_no_messages_ends_ok()
    {
        await using var call = _channel.StartDuplex<StringValue, StringValue>(TestService.Ping, StringValue.Parser);
        await call.CompleteRequestAsync().DefaultTimeout();

        var replies = await ReadAllAsync(call).DefaultTimeout();

        Assert.That(replies, Is.Empty);
        Assert.That((await call.Status.DefaultTimeout()).StatusCode, Is.EqualTo(StatusCode.OK));
    }

    [Test]
    public async Task Concurrent_writes_on_one_stream_keep_every_frame_whole()
    {
        const int count = 200;
        await using var call = _channel.StartDuplex<Int32Value, Int32Value>(TestService.Burst, Int32Value.Parser);
        await call.WriteAsync(new Int32Value { Value = count }).DefaultTimeout();
        await call.CompleteRequestAsync().DefaultTimeout();

        var values = (await ReadAllAsync(call).DefaultTimeout()).Select(v => v.Value).ToList();

        Assert.That(values, Is.EquivalentTo(Enumerable.Range(0, count)));
    }

    [Test]
    public async Task Concurrent_client_writes_are_serialized()
    {
        const int count = 100;
        await using var call = _channel.StartDuplex<StringValue, StringValue>(TestService.Ping, StringValue.Parser);

        await Task.WhenAll(Enumerable.Range(0, count).Select(i =>
            Task.Run(async () => await call.WriteAsync(new StringValue { Value = i.ToString(System.Globalization.CultureInfo.InvariantCulture) })))).DefaultTimeout();
        await call.CompleteRequestAsync().DefaultTimeout();
        var replies = await ReadAllAsync(call).DefaultTimeout();

        Assert.That(replies.Select(r => r.Value), Is.EquivalentTo(Enumerable.Range(0, count).Select(i => $"pong:{i}")));
    }

    [Test]
    public async Task Hundreds_of_concurrent_streams_share_one_channel()
    {
        // More than Kestrel's 100 streams per connection, so the channel must open more connections.
        const int streams = 250;
        var calls = Enumerable.Range(0, streams)
            .Select(_ => _channel.StartDuplex<StringValue, StringValue>(TestService.Ping, StringValue.Parser))
            .ToList();
        try
        {
            var replies = await Task.WhenAll(calls.Select(async (call, i) =>
            {
                await call.WriteAsync(new StringValue { Value = $"s{i}" });
                return (await call.ReadAsync())?.Value;
            })).DefaultTimeout();

            Assert.That(replies, Is.EqualTo(Enumerable.Range(0, streams).Select(i => $"pong:s{i}")));
            await Task.WhenAll(calls.Select(async call =>
            {
                await call.CompleteRequestAsync();
                Assert.That(await call.ReadAsync(), Is.Null);
            })).DefaultTimeout();
        }
        finally
        {
            await Task.WhenAll(calls.Select(c => c.DisposeAsync().AsTask())).DefaultTimeout();
        }
    }

    [Test]
    public async Task Idle_stream_outlives_kestrels_request_body_rate_grace_period()
    {
        // Kestrel drops request bodies slower than 240 B/s after a 5 s grace period; an ADS stream is idle for
        // minutes, so the server must have turned that off for gRPC calls.
        await using var call = _channel.StartDuplex<StringValue, StringValue>(TestService.Ping, StringValue.Parser);
        await call.WriteAsync(new StringValue { Value = "before" }).DefaultTimeout();
        Assert.That((await call.ReadAsync().DefaultTimeout())?.Value, Is.EqualTo("pong:before"));

        await Task.Delay(TimeSpan.FromSeconds(8));

        await call.WriteAsync(new StringValue { Value = "after" }).DefaultTimeout();
        Assert.That((await call.ReadAsync().DefaultTimeout())?.Value, Is.EqualTo("pong:after"));
    }

    [Test]
    public async Task Disposing_a_running_call_cancels_it_on_the_server()
    {
        var state = new TestServiceState();
        await using var server = await GrpcTestServer.StartAsync(b => TestService.Register(b, state)).DefaultTimeout();
        using var channel = server.CreateClientChannel();
        var call = channel.StartDuplex<StringValue, StringValue>(TestService.Ping, StringValue.Parser);
        await call.WriteAsync(new StringValue { Value = "x" }).DefaultTimeout();
        Assert.That((await call.ReadAsync().DefaultTimeout())?.Value, Is.EqualTo("pong:x"));

        await call.DisposeAsync().DefaultTimeout();

        Assert.That((await call.Status.DefaultTimeout()).StatusCode, Is.EqualTo(StatusCode.Cancelled));
        await GrpcTestExtensions.WaitUntilAsync(
            () => server.Logs.Any(e => e.EventId.Id == 9252), "the server sees the call cancelled by the client");
    }

    private static async Task<List<T>> ReadAllAsync<TRequest, T>(TestDuplexCall<TRequest, T> call)
        where TRequest : Google.Protobuf.IMessage<TRequest>
        where T : class, Google.Protobuf.IMessage<T>
    {
        var list = new List<T>();
        await foreach (var item in call.ReadAllAsync())
        {
            list.Add(item);
        }

        return list;
    }
}
