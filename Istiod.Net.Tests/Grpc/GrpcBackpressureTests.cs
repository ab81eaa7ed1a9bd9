using Grpc.Core;
using Google.Protobuf.WellKnownTypes;
using Istiod.Net.Grpc;
using Istiod.Net.Tests.Infrastructure;

namespace Istiod.Net.Tests.Grpc;

[TestFixture]
public sealed class GrpcBackpressureTests
{
    [Test]
    public async Task Server_writer_waits_for_a_client_that_does_not_read_then_resumes()
    {
        const int total = 1000; // 1000 x 32 KiB = 32 MiB, far more than any HTTP/2 window or Kestrel buffer
        var state = new TestServiceState();
        await using var server = await GrpcTestServer.StartAsync(b => TestService.Register(b, state)).DefaultTimeout();
        using var channel = server.CreateClientChannel();
        await using var call = channel.StartDuplex<Int32Value, BytesValue>(TestService.Flood, BytesValue.Parser);
        await call.WriteAsync(new Int32Value { Value = total }).DefaultTimeout();

        // Let the writer run until it stops making progress; by count, not by elapsed time.
        await GrpcTestExtensions.WaitUntilAsync(() => Volatile.Read(ref state.FloodWritten) > 0, "the server writes");
        var stalledAt = await WaitForStableCountAsync(state);

        Assert.That(stalledAt, Is.LessThan(total / 10), "the writer stalls while the client does not read");

        var received = 0;
        using var readTimeout = new CancellationTokenSource(GrpcTestExtensions.Timeout);
        await foreach (var message in call.ReadAllAsync(readTimeout.Token))
        {
            Assert.That(message.Value.Length, Is.EqualTo(TestServiceState.FloodMessageSize));
            received++;
        }

        Assert.That(received, Is.EqualTo(total));
        Assert.That(Volatile.Read(ref state.FloodWritten), Is.EqualTo(total));
        Assert.That((await call.Status.DefaultTimeout()).StatusCode, Is.EqualTo(StatusCode.OK));
    }

    private static async Task<int> WaitForStableCountAsync(TestServiceState state)
    {
        // The count must stay the same across several consecutive looks before we call it stalled.
        var last = -1;
        var sameFor = 0;
        var giveUp = DateTime.UtcNow + GrpcTestExtensions.Timeout;
        while (sameFor < 10 && DateTime.UtcNow < giveUp)
        {
            await Task.Delay(100);
            var now = Volatile.Read(ref state.FloodWritten);
            sameFor = now == last ? sameFor + 1 : 0;
            last = now;
        }

        return last;
    }
}
