using Grpc.Core;
using GrpcNetChannel = Grpc.Net.Client.GrpcChannel;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Istiod.Net.Grpc;
using Istiod.Net.Tests.Infrastructure;

namespace Istiod.Net.Tests.Grpc;

[TestFixture]
public sealed class GrpcStatusTests
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

    [TestCase(GrpcStatusCode.PermissionDenied, "denied")]
    [TestCase(GrpcStatusCode.InvalidArgument, "50% off:\nline two, ünïcödé ✗")]
    [TestCase(GrpcStatusCode.Unauthenticated, "")]
    public void Handler_status_and_message_reach_the_client_exactly(GrpcStatusCode code, string message)
    {
        var request = new StringValue { Value = $"{(int)code}|{message}" };

        var ex = Assert.ThrowsAsync<RpcException>(() => _channel.UnaryAsync(TestService.Status, request, StringValue.Parser).DefaultTimeout());

        Assert.That((int)ex!.StatusCode, Is.EqualTo((int)code));
        Assert.That(ex.Status.Detail, Is.EqualTo(message));
    }

    [Test]
    public async Task Grpc_message_is_percent_encoded_on_the_wire()
    {
        using var raw = _server.CreateRawHttpClient();
        var body = GrpcRawRequests.Frame(new StringValue { Value = "3|100% ✓" }.ToByteArray());
        using var response = await raw.SendAsync(GrpcRawRequests.Create(TestService.Status, body)).DefaultTimeout();
        await response.Content.ReadAsByteArrayAsync().DefaultTimeout();

        Assert.That(response.Headers.GetValues("grpc-message").Single(), Is.EqualTo("100%25 %E2%9C%93"));
    }

    [Test]
    public async Task Error_after_a_message_comes_in_trailers_after_that_message()
    {
        await using var call = _channel.StartDuplex<StringValue, StringValue>(TestService.WriteThenFail, StringValue.Parser);

        var first = await call.ReadAsync().DefaultTimeout();
        var ex = Assert.ThrowsAsync<RpcException>(() => call.ReadAsync().DefaultTimeout());

        Assert.That(first?.Value, Is.EqualTo("partial"));
        Assert.That(ex!.StatusCode, Is.EqualTo(StatusCode.Aborted));
        Assert.That(ex.Status.Detail, Is.EqualTo("stopped after one message"));
        var status = await call.Status.DefaultTimeout();
        Assert.That((status.StatusCode, status.Detail), Is.EqualTo((StatusCode.Aborted, "stopped after one message")));
    }

    [Test]
    public async Task Codec_other_than_protobuf_gets_http_415()
    {
        using var raw = _server.CreateRawHttpClient();
        var request = GrpcRawRequests.Create(TestService.Echo, GrpcRawRequests.Frame([]));
        request.Content!.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/grpc+json");

        using var response = await raw.SendAsync(request).DefaultTimeout();

        Assert.That((int)response.StatusCode, Is.EqualTo(415));
    }

    [Test]
    public async Task Protobuf_content_type_with_subtype_is_served()
    {
        using var raw = _server.CreateRawHttpClient();
        var request = GrpcRawRequests.Create(TestService.Echo, GrpcRawRequests.Frame(new StringValue { Value = "p" }.ToByteArray()));
        request.Content!.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/grpc+proto");

        using var response = await raw.SendAsync(request).DefaultTimeout();
        var (status, _) = await GrpcRawRequests.ReadStatusAsync(response).DefaultTimeout();

        Assert.That(status, Is.EqualTo("0"));
    }

    [Test]
    public async Task Stopping_the_server_ends_open_streams_with_unavailable()
    {
        var server = await GrpcTestServer.StartAsync(b => TestService.Register(b)).DefaultTimeout();
        using var channel = server.CreateClientChannel();
        await using var call = channel.StartDuplex<StringValue, StringValue>(TestService.Ping, StringValue.Parser);
        await call.WriteAsync(new StringValue { Value = "x" }).DefaultTimeout();
        Assert.That((await call.ReadAsync().DefaultTimeout())?.Value, Is.EqualTo("pong:x"));

        var stopping = server.DisposeAsync().AsTask();
        var ex = Assert.ThrowsAsync<RpcException>(() => call.ReadAsync().DefaultTimeout());
        await stopping.DefaultTimeout();

        // The server ends the call with UNAVAILABLE. When Kestrel closes the connection (GOAWAY NO_ERROR) before
        // HttpClient has handed those trailers to Grpc.Net.Client, the client reports the closed connection
        // instead, as INTERNAL "Error reading next message ... server closed the connection": a race on the client
        // side, seen once in CI. Either way the call ended and the client must reconnect; the server's part is
        // checked by its log line below.
        Assert.That(ex!.StatusCode == StatusCode.Unavailable
            || (ex.StatusCode == StatusCode.Internal && ex.Status.Detail.Contains("closed the connection", StringComparison.Ordinal)),
            Is.True, $"{ex.StatusCode}: {ex.Status.Detail}");
        Assert.That(server.Logs.Any(e => e.EventId.Id == 9253), Is.True, "the server stopped the call for shutdown");
    }
}
