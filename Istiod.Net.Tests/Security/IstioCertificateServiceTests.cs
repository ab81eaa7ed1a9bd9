using System.Net;
using System.Security.Cryptography.X509Certificates;
using Istio.V1.Auth;
using Istiod.Net.Grpc;
using Istiod.Net.Security;
using Istiod.Net.Security.Authentication;
using Istiod.Net.Security.Ca;
using Istiod.Net.Security.CaApi;
using Istiod.Net.Tests.Config.Sources.File;
using Microsoft.Extensions.Logging;
using IstioCertificateService = Istiod.Net.Security.CaApi.IstioCertificateService;

namespace Istiod.Net.Tests.Security;

/// <summary>The CA API called through the gRPC seam as the transport calls it.</summary>
public sealed class IstioCertificateServiceTests
{
    private const string Method = "/istio.v1.auth.IstioCertificateService/CreateCertificate";
    private const string SleepToken = "token-for-sleep";
    private const string HttpbinToken = "token-for-httpbin";
    private const string ExpiredToken = "token-expired";
    private const string WrongAudienceToken = "token-wrong-audience";

    private TempFolder _folder = null!;
    private CertificateAuthority _ca = null!;
    private RecordingGrpcServiceBuilder _grpc = null!;

    [SetUp]
    public void SetUp()
    {
        _folder = new TempFolder();
        File.WriteAllText(_folder.File("tokens.yaml"), $"""
            {SleepToken}:
              namespace: default
              serviceAccount: sleep
              audiences: [istio-ca]
            {HttpbinToken}:
              namespace: web
              serviceAccount: httpbin
              audiences: [istio-ca]
            {ExpiredToken}:
              namespace: default
              serviceAccount: sleep
              audiences: [istio-ca]
              expiry: 2020-01-01T00:00:00Z
            {WrongAudienceToken}:
              namespace: default
              serviceAccount: sleep
              audiences: [kubernetes.default.svc]
            """);
        _ca = CertificateAuthority.Create(new CertificateAuthorityOptions());
        _grpc = Register(new CaApiOptions());
    }

    [TearDown]
    public void TearDown()
    {
        _ca.Dispose();
        _folder.Dispose();
    }

    [Test]
    public void RegistersTheIstioMethod()
    {
        Assert.That(_grpc.Methods, Is.EqualTo(new[] { Method }));
    }

    [Test]
    public void NoCredentialIsUnauthenticated()
    {
        var e = AssertFails(Call(TestCsrs.CreateEc(), Context()));

        Assert.That(e.Status, Is.EqualTo(GrpcStatusCode.Unauthenticated));
        Assert.That(e.Message, Does.Contain("no credential"));
    }

    [Test]
    public async Task TokenYieldsTheTokensIdentityNotTheOneTheCsrAsksFor()
    {
        var csr = TestCsrs.CreateEc("spiffe://cluster.local/ns/web/sa/httpbin");

        var response = await Call(csr, Context(bearer: SleepToken));

        var leaf = X509Certificate2.CreateFromPem(response.CertChain[0]);
        Assert.That(CertificateSans.Uris(leaf), Is.EqualTo(new[] { "spiffe://cluster.local/ns/default/sa/sleep" }));
    }

    [Test]
    public async Task EachTokenGetsOnlyItsOwnServiceAccount()
    {
        var sleep = await Call(TestCsrs.CreateEc(), Context(bearer: SleepToken));
        var httpbin = await Call(TestCsrs.CreateEc(), Context(bearer: HttpbinToken));

        Assert.That(CertificateSans.Uris(X509Certificate2.CreateFromPem(sleep.CertChain[0])), Is.EqualTo(new[] { "spiffe://cluster.local/ns/default/sa/sleep" }));
        Assert.That(CertificateSans.Uris(X509Certificate2.CreateFromPem(httpbin.CertChain[0])), Is.EqualTo(new[] { "spiffe://cluster.local/ns/web/sa/httpbin" }));
    }

    [Test]
    public async Task ChainIsLeafFirstAndVerifiesWithOpenSsl()
    {
        var response = await Call(TestCsrs.CreateEc(), Context(bearer: SleepToken));

        Assert.That(response.CertChain, Has.Count.EqualTo(2));
        Assert.That(X509Certificate2.CreateFromPem(response.CertChain[^1]).Thumbprint, Is.EqualTo(_ca.TrustBundle.Roots[0].Thumbprint));
        var (exit, output) = OpenSsl.Verify(_folder.Path, _ca.TrustBundle.Pem, response.CertChain.Skip(1), response.CertChain[0]);
        Assert.That(exit, Is.Zero, output);
    }

    [Test]
    public async Task RequestedLifetimeIsHonouredAndCapped()
    {
        var shortOne = await Call(TestCsrs.CreateEc(), Context(bearer: SleepToken), validitySeconds: 3600);
        var longOne = await Call(TestCsrs.CreateEc(), Context(bearer: SleepToken), validitySeconds: (long)TimeSpan.FromDays(365).TotalSeconds);

        var shortLeaf = X509Certificate2.CreateFromPem(shortOne.CertChain[0]);
        var longLeaf = X509Certificate2.CreateFromPem(longOne.CertChain[0]);
        Assert.That(shortLeaf.NotAfter - DateTime.Now, Is.LessThanOrEqualTo(TimeSpan.FromHours(1)).And.GreaterThan(TimeSpan.FromMinutes(50)));
        Assert.That(longLeaf.NotAfter - DateTime.Now, Is.LessThanOrEqualTo(TimeSpan.FromDays(90)).And.GreaterThan(TimeSpan.FromDays(89)));
    }

    [Test]
    public async Task HugeRequestedLifetimeIsCappedNotAnError()
    {
        var response = await Call(TestCsrs.CreateEc(), Context(bearer: SleepToken), validitySeconds: long.MaxValue);

        var leaf = X509Certificate2.CreateFromPem(response.CertChain[0]);
        Assert.That(leaf.NotAfter - DateTime.Now, Is.LessThanOrEqualTo(TimeSpan.FromDays(90)).And.GreaterThan(TimeSpan.FromDays(89)));
    }

    [Test]
    public void NegativeRequestedLifetimeIsInvalidArgument()
    {
        var e = AssertFails(Call(TestCsrs.CreateEc(), Context(bearer: SleepToken), validitySeconds: -1));

        Assert.That(e.Status, Is.EqualTo(GrpcStatusCode.InvalidArgument));
        Assert.That(e.Message, Does.Contain("validity_duration"));
    }

    [TestCase(ExpiredToken, "expired")]
    [TestCase(WrongAudienceToken, "audience")]
    [TestCase("a-token-nobody-issued", "unknown")]
    public void BadTokenIsUnauthenticatedAndTheReasonNeverRepeatsTheToken(string token, string reason)
    {
        var e = AssertFails(Call(TestCsrs.CreateEc(), Context(bearer: token)));

        Assert.That(e.Status, Is.EqualTo(GrpcStatusCode.Unauthenticated));
        Assert.That(e.Message, Does.Contain(reason));
        Assert.That(e.Message, Does.Not.Contain(token));
    }

    [Test]
    public void AuthorizationThatIsNotBearerIsUnauthenticated()
    {
        var e = AssertFails(Call(TestCsrs.CreateEc(), Context(headers: new() { ["authorization"] = "Basic dXNlcjpwYXNz" })));

        Assert.That(e.Status, Is.EqualTo(GrpcStatusCode.Unauthenticated));
        Assert.That(e.Message, Does.Contain("not a Bearer token"));
    }

    [TestCase("")]
    [TestCase("garbage")]
    [TestCase("-----BEGIN CERTIFICATE REQUEST-----\nZm9v\n-----END CERTIFICATE REQUEST-----\n")]
    public void MalformedCsrIsInvalidArgument(string csr)
    {
        var e = AssertFails(Call(csr, Context(bearer: SleepToken)));

        Assert.That(e.Status, Is.EqualTo(GrpcStatusCode.InvalidArgument));
        Assert.That(e.Message, Does.StartWith("invalid certificate signing request:"));
    }

    [Test]
    public void AnEd25519CsrIsInvalidArgumentLoggedAsAWarningWithoutAStackTrace()
    {
        var (key, csr) = (_folder.File("ed25519.key"), _folder.File("ed25519.csr"));
        Assert.That(OpenSsl.Run(_folder.Path, "genpkey", "-algorithm", "ed25519", "-out", key).ExitCode, Is.Zero);
        Assert.That(OpenSsl.Run(_folder.Path, "req", "-new", "-key", key, "-subj", "/CN=workload", "-out", csr).ExitCode, Is.Zero);
        var logger = new RecordingLogger<IstioCertificateService>();
        var grpc = new RecordingGrpcServiceBuilder();
        var reviewer = new FileTokenReviewer(_folder.File("tokens.yaml"));
        new IstioCertificateService(_ca, IstioCertificateService.DefaultAuthenticators(_ca, reviewer), logger: logger).Register(grpc);

        var e = AssertFails(grpc.CallUnaryAsync(Method, Request(File.ReadAllText(csr)), Context(bearer: SleepToken), IstioCertificateResponse.Parser));

        Assert.Multiple(() =>
        {
            Assert.That(e.Status, Is.EqualTo(GrpcStatusCode.InvalidArgument));
            Assert.That(e.Message, Does.StartWith("invalid certificate signing request:").And.Contain("RSA").And.Contain("ECDSA"));
            Assert.That(logger.Entries.Where(l => l.Level >= LogLevel.Error), Is.Empty);
            Assert.That(logger.Entries.Single(l => l.Level == LogLevel.Warning).Exception, Is.Null);
        });
    }

    [Test]
    public void PlaintextCallIsRefusedEvenWithAValidToken()
    {
        var e = AssertFails(Call(TestCsrs.CreateEc(), Context(bearer: SleepToken, tls: false)));

        Assert.That(e.Status, Is.EqualTo(GrpcStatusCode.Unauthenticated));
        Assert.That(e.Message, Does.Contain("TLS"));
    }

    [Test]
    public async Task PlaintextIsServedOnlyWithTheDevelopmentOption()
    {
        var grpc = Register(new CaApiOptions { InsecureAllowPlaintextForDevelopment = true });

        var response = await grpc.CallUnaryAsync(Method, Request(TestCsrs.CreateEc()), Context(bearer: SleepToken, tls: false), IstioCertificateResponse.Parser);

        Assert.That(response.CertChain, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task ClientCertificateFromThisCaAuthenticates()
    {
        using var client = _ca.IssueKeyAndCertificate(new SpiffeIdentity("cluster.local", "web", "httpbin")).CreateCertificateWithKey();

        var response = await Call(TestCsrs.CreateEc("spiffe://cluster.local/ns/default/sa/sleep"), Context(clientCertificate: client));

        Assert.That(CertificateSans.Uris(X509Certificate2.CreateFromPem(response.CertChain[0])), Is.EqualTo(new[] { "spiffe://cluster.local/ns/web/sa/httpbin" }));
    }

    [Test]
    public void ClientCertificateFromAnotherCaIsRefused()
    {
        using var stranger = CertificateAuthority.Create(new CertificateAuthorityOptions());
        using var client = stranger.IssueKeyAndCertificate(new SpiffeIdentity("cluster.local", "web", "httpbin")).CreateCertificateWithKey();

        var e = AssertFails(Call(TestCsrs.CreateEc(), Context(clientCertificate: client)));

        Assert.That(e.Status, Is.EqualTo(GrpcStatusCode.Unauthenticated));
        Assert.That(e.Message, Does.Contain("client-certificate"));
    }

    [Test]
    public void ExpiredClientCertificateIsRefused()
    {
        var time = new FixedTimeProvider();
        using var ca = CertificateAuthority.Create(new CertificateAuthorityOptions(), time: time);
        using var client = ca.IssueKeyAndCertificate(new SpiffeIdentity("cluster.local", "web", "httpbin"), TimeSpan.FromHours(1)).CreateCertificateWithKey();
        time.Now += TimeSpan.FromHours(2);
        var grpc = new RecordingGrpcServiceBuilder();
        new IstioCertificateService(ca, new AuthenticatorChain([new ClientCertificateAuthenticator(ca, time)])).Register(grpc);

        var e = AssertFails(grpc.CallUnaryAsync(Method, Request(TestCsrs.CreateEc()), Context(clientCertificate: client), IstioCertificateResponse.Parser));

        Assert.That(e.Status, Is.EqualTo(GrpcStatusCode.Unauthenticated));
    }

    [Test]
    public void ServingCertificateIsNotAClientIdentity()
    {
        using var serving = _ca.IssueServingCertificate(["istiod.istio-system.svc"]);

        var e = AssertFails(Call(TestCsrs.CreateEc(), Context(clientCertificate: serving.Certificate)));

        Assert.That(e.Status, Is.EqualTo(GrpcStatusCode.Unauthenticated));
    }

    [Test]
    public async Task BadClientCertificateStillLetsAValidTokenThrough()
    {
        using var stranger = CertificateAuthority.Create(new CertificateAuthorityOptions());
        using var client = stranger.IssueKeyAndCertificate(new SpiffeIdentity("cluster.local", "web", "httpbin")).CreateCertificateWithKey();

        var response = await Call(TestCsrs.CreateEc(), Context(bearer: SleepToken, clientCertificate: client));

        Assert.That(CertificateSans.Uris(X509Certificate2.CreateFromPem(response.CertChain[0])), Is.EqualTo(new[] { "spiffe://cluster.local/ns/default/sa/sleep" }));
    }

    [Test]
    public void UnreachableTokenReviewerIsUnavailable()
    {
        var grpc = new RecordingGrpcServiceBuilder();
        new IstioCertificateService(_ca, IstioCertificateService.DefaultAuthenticators(_ca, new UnreachableTokenReviewer())).Register(grpc);

        var e = AssertFails(grpc.CallUnaryAsync(Method, Request(TestCsrs.CreateEc()), Context(bearer: SleepToken), IstioCertificateResponse.Parser));

        Assert.That(e.Status, Is.EqualTo(GrpcStatusCode.Unavailable));
    }

    private RecordingGrpcServiceBuilder Register(CaApiOptions options)
    {
        var grpc = new RecordingGrpcServiceBuilder();
        var reviewer = new FileTokenReviewer(_folder.File("tokens.yaml"));
        new IstioCertificateService(_ca, IstioCertificateService.DefaultAuthenticators(_ca, reviewer), options).Register(grpc);
        return grpc;
    }

    private Task<IstioCertificateResponse> Call(string csr, GrpcCallContext call, long validitySeconds = 0) =>
        _grpc.CallUnaryAsync(Method, Request(csr, validitySeconds), call, IstioCertificateResponse.Parser);

    private static IstioCertificateRequest Request(string csr, long validitySeconds = 0) => new() { Csr = csr, ValidityDuration = validitySeconds };

    private static GrpcCallContext Context(
        string? bearer = null, bool tls = true, X509Certificate2? clientCertificate = null, Dictionary<string, string>? headers = null)
    {
        headers ??= [];
        if (bearer is not null)
        {
            headers["authorization"] = "Bearer " + bearer;
        }

        return new GrpcCallContext
        {
            Method = Method,
            RequestHeaders = headers,
            CancellationToken = CancellationToken.None,
            RemoteEndPoint = new IPEndPoint(IPAddress.Loopback, 40000),
            LocalPort = 15012,
            IsTls = tls,
            ClientCertificate = clientCertificate,
            ConnectionId = "test",
        };
    }

    private static GrpcException AssertFails(Task call)
    {
        var e = Assert.ThrowsAsync<GrpcException>(async () => await call.WaitAsync(TimeSpan.FromSeconds(30)));
        return e!;
    }
}
