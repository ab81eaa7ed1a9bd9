using System.Security.Cryptography.X509Certificates;
using Istio.V1.Auth;
using Grpc.Core;
using Istiod.Net.Security;
using Istiod.Net.Security.Authentication;
using Istiod.Net.Security.Ca;
using Istiod.Net.Security.CaApi;
using Istiod.Net.Tests.Infrastructure;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using CaClient = Istio.V1.Auth.IstioCertificateService.IstioCertificateServiceClient;
using IstioCertificateService = Istiod.Net.Security.CaApi.IstioCertificateService;

namespace Istiod.Net.Tests.Security;

/// <summary>
/// The CA API over a real socket: Kestrel with a serving certificate from the CA (as port 15012 runs),
/// Grpc.Net.Client with the generated client, bearer tokens and client certificates crossing a real TLS handshake.
/// </summary>
public sealed class IstioCertificateServiceTlsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private TempFolder _folder = null!;
    private CertificateAuthority _ca = null!;
    private IstioCertificateService _service = null!;

    [SetUp]
    public void SetUp()
    {
        _folder = new TempFolder();
        File.WriteAllText(_folder.File("tokens.yaml"), "sleep-token:\n  namespace: default\n  serviceAccount: sleep\n  audiences: [istio-ca]\n");
        _ca = CertificateAuthority.Create(new CertificateAuthorityOptions { RootFolder = _folder.File("ca") });
        _service = new IstioCertificateService(_ca, IstioCertificateService.DefaultAuthenticators(_ca, new FileTokenReviewer(_folder.File("tokens.yaml"))));
    }

    [TearDown]
    public void TearDown()
    {
        _ca.Dispose();
        _folder.Dispose();
    }

    [Test]
    public async Task BearerTokenOverTlsGetsTheTokensIdentity()
    {
        await using var server = await StartTlsAsync(ClientCertificateMode.NoCertificate);
        using var channel = server.CreateClientChannel();

        var response = await new CaClient(channel).CreateCertificateAsync(new IstioCertificateRequest { Csr = TestCsrs.CreateEc("spiffe://cluster.local/ns/kube-system/sa/admin") }, headers: SleepBearer()).ResponseAsync.WaitAsync(Timeout);

        using var leaf = X509Certificate2.CreateFromPem(response.CertChain[0]);
        Assert.That(CertificateSans.Uris(leaf), Is.EqualTo(new[] { "spiffe://cluster.local/ns/default/sa/sleep" }));
        var (exit, output) = OpenSsl.Verify(_folder.Path, _ca.TrustBundle.Pem, response.CertChain.Skip(1), response.CertChain[0], purpose: "sslclient");
        Assert.That(exit, Is.Zero, output);
    }

    [Test]
    public async Task ClientCertificateOverMutualTlsGetsItsOwnIdentity()
    {
        await using var server = await StartTlsAsync(ClientCertificateMode.AllowCertificate);
        using var channel = server.CreateClientChannel(new TestGrpcChannelOptions { ClientCertificate = server.Options.Tls!.Client });

        var response = await new CaClient(channel).CreateCertificateAsync(new IstioCertificateRequest { Csr = TestCsrs.CreateEc("spiffe://cluster.local/ns/default/sa/sleep") }).ResponseAsync.WaitAsync(Timeout);

        using var leaf = X509Certificate2.CreateFromPem(response.CertChain[0]);
        Assert.That(CertificateSans.Uris(leaf), Is.EqualTo(new[] { "spiffe://cluster.local/ns/web/sa/httpbin" }));
    }

    [Test]
    public async Task NoCredentialOverTlsIsUnauthenticatedOnTheWire()
    {
        await using var server = await StartTlsAsync(ClientCertificateMode.NoCertificate);
        using var channel = server.CreateClientChannel();

        var e = Assert.ThrowsAsync<RpcException>(async () => await new CaClient(channel).CreateCertificateAsync(new IstioCertificateRequest { Csr = TestCsrs.CreateEc() }).ResponseAsync.WaitAsync(Timeout));

        Assert.That(e!.StatusCode, Is.EqualTo(StatusCode.Unauthenticated));
        Assert.That(e.Status.Detail, Does.Contain("no credential"));
    }

    [Test]
    public async Task MalformedCsrOverTlsIsInvalidArgumentOnTheWire()
    {
        await using var server = await StartTlsAsync(ClientCertificateMode.NoCertificate);
        using var channel = server.CreateClientChannel();

        var e = Assert.ThrowsAsync<RpcException>(async () => await new CaClient(channel).CreateCertificateAsync(new IstioCertificateRequest { Csr = "-----BEGIN CERTIFICATE REQUEST-----\nbm9wZQ==\n-----END CERTIFICATE REQUEST-----\n" }, headers: SleepBearer()).ResponseAsync.WaitAsync(Timeout));

        Assert.That(e!.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(e.Status.Detail, Does.Contain("invalid certificate signing request"));
    }

    [Test]
    public async Task PlaintextPortRefusesEvenAValidToken()
    {
        await using var server = await GrpcTestServer.StartAsync(_service.Register).WaitAsync(Timeout);
        using var channel = server.CreateClientChannel();

        var e = Assert.ThrowsAsync<RpcException>(async () => await new CaClient(channel).CreateCertificateAsync(new IstioCertificateRequest { Csr = TestCsrs.CreateEc() }, headers: SleepBearer()).ResponseAsync.WaitAsync(Timeout));

        Assert.That(e!.StatusCode, Is.EqualTo(StatusCode.Unauthenticated));
        Assert.That(e.Status.Detail, Does.Contain("TLS only"));
    }

    private static Metadata SleepBearer() => new() { { "authorization", "Bearer sleep-token" } };

    /// <summary>A TLS server whose certificate the CA issued for 127.0.0.1, trusting the CA's roots.</summary>
    private async Task<GrpcTestServer> StartTlsAsync(ClientCertificateMode mode)
    {
        var serving = _ca.IssueServingCertificate(["localhost", "127.0.0.1"]);
        var client = _ca.IssueKeyAndCertificate(new SpiffeIdentity("cluster.local", "web", "httpbin")).CreateCertificateWithKey();
        var certificates = GrpcTestServerCertificates.FromExisting(
            X509CertificateLoader.LoadCertificate(_ca.TrustBundle.Roots[0].RawData), serving.Certificate, client);
        return await GrpcTestServer.StartAsync(
            _service.Register,
            new GrpcTestServerOptions { Tls = certificates, ClientCertificateMode = mode }).WaitAsync(Timeout);
    }
}
