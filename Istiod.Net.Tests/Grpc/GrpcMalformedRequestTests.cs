using Grpc.Core;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Istiod.Net.Grpc;
using Istiod.Net.Tests.Infrastructure;

namespace Istiod.Net.Tests.Grpc;

/// <summary>Bytes no good client sends: each must end only its own stream, with a status that says what was wrong.</summary>
[TestFixture]
public sealed class GrpcMalformedRequestTests
{
    private readonly TestServiceState _state = new();
    private GrpcTestServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() =>
        _server = await GrpcTestServer.StartAsync(b => TestService.Register(b, _state)).DefaultTimeout();

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync().DefaultTimeout();

    [Test]
    public async Task Truncated_frame_ends_that_stream_while_another_stream_on_the_connection_keeps_working()
    {
        // One connection for both: the channel and the raw client share this handler's pool.
        using var handler = new SocketsHttpHandler { UseProxy = false, EnableMultipleHttp2Connections = false };
        using var channel = TestGrpcChannels.ForAddress(_server.Address, handler);
        using var raw = _server.CreateRawHttpClient(handler);
        await using var healthy = channel.StartDuplex<StringValue, StringValue>(TestService.Ping, StringValue.Parser);
        await healthy.WriteAsync(new StringValue { Value = "before" }).DefaultTimeout();
        Assert.That((await healthy.ReadAsync().DefaultTimeout())?.Value, Is.EqualTo("pong:before"));

        // Says 100 bytes follow, sends 3, then ends the stream.
        var body = GrpcRawRequests.Frame([0x0A, 0x01, 0x41], declaredLength: 100);
        using var response = await raw.SendAsync(GrpcRawRequests.Create(TestService.Ping, body)).DefaultTimeout();
        var (status, message) = await GrpcRawRequests.ReadStatusAsync(response).DefaultTimeout();

        Assert.That(status, Is.EqualTo("13"), message);
        Assert.That(message, Is.EqualTo("Incomplete message."));
        await healthy.WriteAsync(new StringValue { Value = "after" }).DefaultTimeout();
        Assert.That((await healthy.ReadAsync().DefaultTimeout())?.Value, Is.EqualTo("pong:after"));
        Assert.That(_state.Connections.Distinct().Count(), Is.EqualTo(1), "both calls came on one connection");
    }

    [Test]
    public async Task Truncated_frame_header_is_reported()
    {
        using var raw = _server.CreateRawHttpClient();
        using var response = await raw.SendAsync(GrpcRawRequests.Create(TestService.Echo, [0, 0, 0])).DefaultTimeout();

        var (status, message) = await GrpcRawRequests.ReadStatusAsync(response).DefaultTimeout();

        Assert.That(status, Is.EqualTo("13"), message);
        Assert.That(message, Is.EqualTo("Incomplete message."));
    }

    [Test]
    public async Task Garbage_protobuf_ends_the_call_with_internal_naming_the_type()
    {
        using var raw = _server.CreateRawHttpClient();
        // Field 1, length-delimited, claims 5 bytes but the message has 1.
        var body = GrpcRawRequests.Frame([0x0A, 0x05, 0x41]);
        using var response = await raw.SendAsync(GrpcRawRequests.Create(TestService.Echo, body)).DefaultTimeout();

        var (status, message) = await GrpcRawRequests.ReadStatusAsync(response).DefaultTimeout();

        Assert.That(status, Is.EqualTo("13"), message);
        Assert.That(message, Does.Contain("not a valid StringValue"));
    }

    [Test]
    public async Task Unary_request_with_two_messages_is_refused()
    {
        using var raw = _server.CreateRawHttpClient();
        var one = GrpcRawRequests.Frame(new StringValue { Value = "a" }.ToByteArray());
        using var response = await raw.SendAsync(GrpcRawRequests.Create(TestService.Echo, [.. one, .. one])).DefaultTimeout();

        var (status, message) = await GrpcRawRequests.ReadStatusAsync(response).DefaultTimeout();

        Assert.That(status, Is.EqualTo("13"), message);
        Assert.That(message, Does.Contain("Additional data after the message"));
    }

    [Test]
    public async Task Message_compressed_with_an_unknown_encoding_is_unimplemented()
    {
        using var raw = _server.CreateRawHttpClient();
        var body = GrpcRawRequests.Frame([1, 2, 3], compressedFlag: 1);
        var request = GrpcRawRequests.Create(TestService.Echo, body, new Dictionary<string, string> { ["grpc-encoding"] = "x-snappy" });
        using var response = await raw.SendAsync(request).DefaultTimeout();

        var (status, message) = await GrpcRawRequests.ReadStatusAsync(response).DefaultTimeout();

        Assert.That(status, Is.EqualTo("12"), message);
        Assert.That(message, Does.Contain("x-snappy"));
    }

    [Test]
    public async Task Gzip_compressed_message_is_accepted()
    {
        // Grpc.AspNetCore decompresses gzip (the own transport refused it); clients may compress requests.
        using var raw = _server.CreateRawHttpClient();
        using var compressed = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(new StringValue { Value = "zipped" }.ToByteArray());
        }

        var body = GrpcRawRequests.Frame(compressed.ToArray(), compressedFlag: 1);
        var request = GrpcRawRequests.Create(TestService.Echo, body, new Dictionary<string, string> { ["grpc-encoding"] = "gzip" });
        using var response = await raw.SendAsync(request).DefaultTimeout();
        var bytes = await response.Content.ReadAsByteArrayAsync().DefaultTimeout();
        var (status, message) = await GrpcRawRequests.ReadStatusAsync(response).DefaultTimeout();

        Assert.That(status, Is.EqualTo("0"), message);
        Assert.That(StringValue.Parser.ParseFrom(bytes.AsSpan(5)).Value, Is.EqualTo("zipped"));
    }

    [Test]
    public async Task Compressed_flag_without_an_encoding_is_a_protocol_error()
    {
        using var raw = _server.CreateRawHttpClient();
        using var response = await raw.SendAsync(
            GrpcRawRequests.Create(TestService.Echo, GrpcRawRequests.Frame([1, 2, 3], compressedFlag: 1))).DefaultTimeout();

        var (status, message) = await GrpcRawRequests.ReadStatusAsync(response).DefaultTimeout();

        Assert.That(status, Is.EqualTo("13"), message);
        Assert.That(message, Does.Contain("did not include grpc-encoding"));
    }

    [Test]
    public async Task Request_over_http_1_1_gets_no_grpc_answer()
    {
        // The port speaks only HTTP/2 (prior knowledge); Kestrel turns an HTTP/1.1 request away before gRPC sees it.
        using var raw = _server.CreateRawHttpClient();
        var request = GrpcRawRequests.Create(TestService.Echo, GrpcRawRequests.Frame([]));
        request.Version = System.Net.HttpVersion.Version11;

        using var response = await raw.SendAsync(request).DefaultTimeout();

        Assert.That((int)response.StatusCode, Is.EqualTo(400));
        Assert.That(response.Headers.Contains("grpc-status"), Is.False);
    }
}
