using Grpc.Core;
using Google.Protobuf;
using System.Net;
using Google.Protobuf.WellKnownTypes;
using Istiod.Net.Grpc;
using Istiod.Net.Tests.Infrastructure;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Istiod.Net.Tests.Grpc;

[TestFixture]
public sealed class GrpcTlsTests
{
    private GrpcTestServerCertificates _certificates = null!;

    [OneTimeSetUp]
    public void CreateCertificates() => _certificates = GrpcTestServerCertificates.Create();

    [OneTimeTearDown]
    public void DisposeCertificates() => _certificates.Dispose();

    [Test]
    public async Task Tls_port_serves_grpc_over_alpn_h2()
    {
        await using var server = await GrpcTestServer.StartAsync(
            b => TestService.Register(b), new GrpcTestServerOptions { Tls = _certificates }).DefaultTimeout();
        using var channel = server.CreateClientChannel();

        var response = await channel.UnaryAsync(TestService.WhoAmI, new StringValue(), StringValue.Parser).DefaultTimeout();

        Assert.That(server.Address.Scheme, Is.EqualTo("https"));
        Assert.That(response.Value, Does.StartWith("tls=True;cert=;"));
    }

    [Test]
    public async Task Tls_port_negotiates_http2_with_a_client_that_insists_on_it()
    {
        await using var server = await GrpcTestServer.StartAsync(
            b => TestService.Register(b), new GrpcTestServerOptions { Tls = _certificates }).DefaultTimeout();
        using var raw = server.CreateRawHttpClient();

        // HttpClient only uses HTTP/2 over TLS when ALPN selected h2; RequestVersionExact fails otherwise.
        using var response = await raw.SendAsync(GrpcRawRequests.Create(TestService.Echo,
            GrpcRawRequests.Frame(new StringValue { Value = "x" }.ToByteArray()))).DefaultTimeout();
        var (status, _) = await GrpcRawRequests.ReadStatusAsync(response).DefaultTimeout();

        Assert.That(response.Version, Is.EqualTo(HttpVersion.Version20));
        Assert.That(status, Is.EqualTo("0"));
    }

    [Test]
    public async Task Client_that_does_not_trust_the_server_ca_fails_the_call()
    {
        await using var server = await GrpcTestServer.StartAsync(
            b => TestService.Register(b), new GrpcTestServerOptions { Tls = _certificates }).DefaultTimeout();
        using var otherCa = GrpcTestServerCertificates.Create("Some other CA");
        using var channel = server.CreateClientChannel(new TestGrpcChannelOptions { TrustedRoots = otherCa.Roots });

        var ex = Assert.ThrowsAsync<RpcException>(() =>
            channel.UnaryAsync(TestService.Echo, new StringValue(), StringValue.Parser).DefaultTimeout());

        // Grpc.Net.Client reports a failed TLS handshake as INTERNAL (a refused connection is UNAVAILABLE).
        Assert.That(ex!.StatusCode, Is.EqualTo(StatusCode.Internal), ex.Status.Detail);
        Assert.That(ex.Status.Detail, Does.Contain("SSL connection could not be established"));
    }

    [Test]
    public async Task Mutual_tls_passes_the_client_certificate_to_the_handler()
    {
        var options = new GrpcTestServerOptions { Tls = _certificates, ClientCertificateMode = ClientCertificateMode.RequireCertificate };
        await using var server = await GrpcTestServer.StartAsync(b => TestService.Register(b), options).DefaultTimeout();
        using var channel = server.CreateClientChannel(new TestGrpcChannelOptions { ClientCertificate = _certificates.Client });

        var response = await channel.UnaryAsync(TestService.WhoAmI, new StringValue(), StringValue.Parser).DefaultTimeout();

        Assert.That(response.Value, Does.StartWith($"tls=True;cert={_certificates.Client.Thumbprint};"));
    }

    [Test]
    public async Task Mutual_tls_refuses_a_client_without_a_certificate()
    {
        var options = new GrpcTestServerOptions { Tls = _certificates, ClientCertificateMode = ClientCertificateMode.RequireCertificate };
        await using var server = await GrpcTestServer.StartAsync(b => TestService.Register(b), options).DefaultTimeout();
        using var channel = server.CreateClientChannel();

        var ex = Assert.ThrowsAsync<RpcException>(() =>
            channel.UnaryAsync(TestService.WhoAmI, new StringValue(), StringValue.Parser).DefaultTimeout());

        Assert.That(ex!.StatusCode, Is.Not.EqualTo(StatusCode.OK));
    }

    [Test]
    public async Task Mutual_tls_refuses_a_client_certificate_from_another_ca()
    {
        var options = new GrpcTestServerOptions { Tls = _certificates, ClientCertificateMode = ClientCertificateMode.RequireCertificate };
        await using var server = await GrpcTestServer.StartAsync(b => TestService.Register(b), options).DefaultTimeout();
        using var otherCa = GrpcTestServerCertificates.Create("Some other CA");
        using var channel = server.CreateClientChannel(new TestGrpcChannelOptions { ClientCertificate = otherCa.Client });

        var ex = Assert.ThrowsAsync<RpcException>(() =>
            channel.UnaryAsync(TestService.WhoAmI, new StringValue(), StringValue.Parser).DefaultTimeout());

        Assert.That(ex!.StatusCode, Is.EqualTo(StatusCode.Unavailable));
    }
}
