using Grpc.Core;
using Google.Protobuf.WellKnownTypes;
using Istiod.Net.Grpc;
using Istiod.Net.Tests.Infrastructure;

namespace Istiod.Net.Tests.Grpc;

/// <summary>
/// Issue 13, finding 5b: connections have a maximum age. At the age the server sends GOAWAY and ends the streams on
/// the connection, so a proxy reconnects (and authenticates again) on a new connection instead of staying forever.
/// </summary>
[TestFixture]
public sealed class GrpcConnectionAgeTests
{
    [Test]
    public async Task Stream_ends_with_unavailable_at_the_connection_age_and_a_new_stream_gets_a_new_connection()
    {
        var state = new TestServiceState();
        var options = new GrpcTestServerOptions { MaxConnectionAge = new GrpcConnectionAge(TimeSpan.FromSeconds(1)) };
        await using var server = await GrpcTestServer.StartAsync(b => TestService.Register(b, state), options).DefaultTimeout();
        using var channel = server.CreateClientChannel();

        await using (var first = channel.StartDuplex<StringValue, StringValue>(TestService.Ping, StringValue.Parser))
        {
            await first.WriteAsync(new StringValue { Value = "one" }).DefaultTimeout();
            Assert.That((await first.ReadAsync().DefaultTimeout())?.Value, Is.EqualTo("pong:one"));

            // Nothing more is sent: the stream would stay open for ever, but the connection's age ends it.
            try
            {
                Assert.That(await first.ReadAsync().DefaultTimeout(), Is.Null);
            }
            catch (RpcException)
            {
                // The status is checked below, however the client reports it.
            }

            var status = await first.Status.DefaultTimeout();
            Assert.That(status.StatusCode, Is.EqualTo(StatusCode.Unavailable), status.ToString());
            Assert.That(status.Detail, Does.Contain("maximum age"));
        }

        await using var second = channel.StartDuplex<StringValue, StringValue>(TestService.Ping, StringValue.Parser);
        await second.WriteAsync(new StringValue { Value = "two" }).DefaultTimeout();
        Assert.That((await second.ReadAsync().DefaultTimeout())?.Value, Is.EqualTo("pong:two"));

        var connections = state.Connections.ToArray();
        Assert.That(connections, Has.Length.EqualTo(2));
        Assert.That(connections[1], Is.Not.EqualTo(connections[0]), "after GOAWAY the client reconnected");
    }

    [Test]
    public void Age_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new GrpcConnectionAge(TimeSpan.Zero));
    }
}
