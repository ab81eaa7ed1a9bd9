using Grpc.Core;
using GrpcNetChannel = Grpc.Net.Client.GrpcChannel;
using Google.Protobuf.WellKnownTypes;
using Istiod.Net.Grpc;
using Istiod.Net.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Istiod.Net.Tests.Grpc;

[TestFixture]
public sealed class GrpcUnaryTests
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
    public async Task Unary_call_round_trips_the_message()
    {
        var response = await _channel.UnaryAsync(TestService.Echo, new StringValue { Value = "héllo ✓" }, StringValue.Parser).DefaultTimeout();

        Assert.That(response.Value, Is.EqualTo("héllo ✓"));
    }

    [Test]
    public async Task Request_headers_reach_the_handler()
    {
        var options = new TestCallOptions { Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer token-1" } };

        var response = await _channel.UnaryAsync(TestService.WhoAmI, new StringValue(), StringValue.Parser, options).DefaultTimeout();

        Assert.That(response.Value, Is.EqualTo("tls=False;cert=;auth=Bearer token-1"));
    }

    [Test]
    public void Unknown_method_ends_with_unimplemented()
    {
        var ex = Assert.ThrowsAsync<RpcException>(() =>
            _channel.UnaryAsync("/test.Test/Missing", new StringValue(), StringValue.Parser).DefaultTimeout());

        Assert.That(ex!.StatusCode, Is.EqualTo(StatusCode.Unimplemented));
        Assert.That(ex.Status.Detail, Does.Contain("/test.Test/Missing"));
    }

    [Test]
    public async Task Unknown_method_is_a_trailers_only_http_200_response()
    {
        using var http = _server.CreateRawHttpClient();
        using var response = await http.SendAsync(GrpcRawRequests.Create("/test.Test/Missing", [])).DefaultTimeout();

        Assert.That((int)response.StatusCode, Is.EqualTo(200));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/grpc"));
        Assert.That(response.Headers.GetValues("grpc-status").Single(), Is.EqualTo("12"));
        Assert.That(await response.Content.ReadAsByteArrayAsync().DefaultTimeout(), Is.Empty);
    }

    [Test]
    public async Task Handler_exception_gives_unknown_without_details_and_is_logged()
    {
        var ex = Assert.ThrowsAsync<RpcException>(() =>
            _channel.UnaryAsync(TestService.Fail, new StringValue(), StringValue.Parser).DefaultTimeout());

        Assert.That(ex!.StatusCode, Is.EqualTo(StatusCode.Unknown));
        Assert.That(ex.Status.Detail, Does.Not.Contain("secret"));
        Assert.That(ex.Status.Detail, Does.Not.Contain("InvalidOperationException"));
        Assert.That(ex.Status.Detail, Does.Not.Contain(" at "));
        await GrpcTestExtensions.WaitUntilAsync(
            () => _server.Logs.Any(e => e.EventId.Id == 9250 && e.Exception?.Message == TestService.Secret),
            "the handler failure is logged with its exception");
        var entry = _server.Logs.First(e => e.EventId.Id == 9250);
        Assert.That(entry.Level, Is.EqualTo(LogLevel.Error));
        Assert.That(entry.Message, Does.Contain(TestService.Fail));
    }

    [Test]
    public void Response_larger_than_the_client_limit_is_refused_by_the_client()
    {
        using var channel = _server.CreateClientChannel(new TestGrpcChannelOptions { MaxReceiveMessageSize = 1024 });

        var ex = Assert.ThrowsAsync<RpcException>(() =>
            channel.UnaryAsync(TestService.Sized, new Int32Value { Value = 4096 }, BytesValue.Parser).DefaultTimeout());

        Assert.That(ex!.StatusCode, Is.EqualTo(StatusCode.ResourceExhausted));
        Assert.That(ex.Status.Detail, Is.EqualTo("Received message exceeds the maximum configured message size."), "Grpc.Net.Client's own check");
    }

    [Test]
    public async Task Filter_that_rejects_the_request_leaves_it_to_the_rest_of_the_pipeline()
    {
        await using var server = await GrpcTestServer.StartAsync(
            b => TestService.Register(b), new GrpcTestServerOptions { Filter = ctx => ctx.Connection.LocalPort == 1 }).DefaultTimeout();
        using var channel = server.CreateClientChannel();

        var ex = Assert.ThrowsAsync<RpcException>(() =>
            channel.UnaryAsync(TestService.Echo, new StringValue { Value = "x" }, StringValue.Parser).DefaultTimeout());

        // Nothing else in the pipeline: ASP.NET Core answers 404, which gRPC maps to UNIMPLEMENTED.
        Assert.That(ex!.StatusCode, Is.EqualTo(StatusCode.Unimplemented));
        Assert.That(ex.Status.Detail, Does.Contain("HTTP status code: 404"));
    }

    [Test]
    public async Task Calls_to_a_closed_port_fail_with_unavailable()
    {
        int port;
        await using (var server = await GrpcTestServer.StartAsync(b => TestService.Register(b)).DefaultTimeout())
        {
            port = server.Port;
        }

        using var channel = TestGrpcChannels.ForAddress(new Uri($"http://127.0.0.1:{port}"));
        var ex = Assert.ThrowsAsync<RpcException>(() =>
            channel.UnaryAsync(TestService.Echo, new StringValue(), StringValue.Parser).DefaultTimeout());

        Assert.That(ex!.StatusCode, Is.EqualTo(StatusCode.Unavailable));
    }
}
