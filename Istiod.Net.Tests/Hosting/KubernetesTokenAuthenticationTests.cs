using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Grpc.Core;
using Istio.V1.Auth;
using Istiod.Net.Hosting;
using Istiod.Net.Security;
using Istiod.Net.Security.Ca;
using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Tests.Infrastructure.FakeKube;
using Istiod.Net.Xds.Protocol;
using Istiod.Net.Tests.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Serilog;
using CaClient = Istio.V1.Auth.IstioCertificateService.IstioCertificateServiceClient;

namespace Istiod.Net.Tests.Hosting;

/// <summary>
/// The whole host in Kubernetes mode (--kubeconfig naming the fake API server), on real ports: a workload's
/// service-account token on the CA API and on SDS streams of the secure port is checked by TokenReview with audience istio-ca, as Istio does, and the
/// certificate carries the identity the API server named, never the one the CSR asks for.
/// </summary>
public sealed class KubernetesTokenAuthenticationTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private TempFolder _folder = null!;

    [SetUp]
    public void SetUp() => _folder = new TempFolder();

    [TearDown]
    public void TearDown() => _folder.Dispose();

    [Test]
    public async Task Kubernetes_token_on_the_CA_API_is_reviewed_by_the_api_server_and_gets_its_identity()
    {
        await using var kube = await FakeKubeApiServer.StartAsync();
        kube.AddToken("sleep-pod-token", new FakeTokenIdentity(
            "system:serviceaccount:default:sleep", "uid-1", ["system:serviceaccounts", "system:serviceaccounts:default"], ["istio-ca"]));
        await using var host = await StartAsync(kube);

        var response = await CreateCertificateAsync(host, "sleep-pod-token");

        using var leaf = X509Certificate2.CreateFromPem(response.CertChain[0]);
        Assert.That(CertificateSans.Uris(leaf), Is.EqualTo(new[] { "spiffe://cluster.local/ns/default/sa/sleep" }));
        var review = kube.Requests.Last(r => r.Path == "/apis/authentication.k8s.io/v1/tokenreviews");
        Assert.That(review.Authorization, Is.EqualTo("Bearer istiod-token"), "istiod reviews as itself, with its kubeconfig's credentials");
    }

    [TestCase("forged-token", TestName = "Token the API server does not know: UNAUTHENTICATED")]
    [TestCase("other-audience-token", TestName = "Token for another audience: UNAUTHENTICATED")]
    [TestCase("user-token", TestName = "Token of a user, not a service account: UNAUTHENTICATED")]
    public async Task Rejected_kubernetes_token_on_the_CA_API_is_unauthenticated(string token)
    {
        await using var kube = await FakeKubeApiServer.StartAsync();
        kube.AddToken("other-audience-token", new FakeTokenIdentity(
            "system:serviceaccount:default:sleep", "uid-1", ["system:serviceaccounts"], ["api"]));
        kube.AddToken("user-token", new FakeTokenIdentity("alice@example.com", "uid-2", ["system:authenticated"], ["istio-ca"]));
        await using var host = await StartAsync(kube);

        var e = Assert.ThrowsAsync<RpcException>(() => CreateCertificateAsync(host, token));
        Assert.That(e!.StatusCode, Is.EqualTo(StatusCode.Unauthenticated), e.Status.Detail);
    }

    [Test]
    public async Task Kubernetes_token_on_an_SDS_stream_on_the_secure_port_gets_that_service_accounts_certificate()
    {
        await using var kube = await FakeKubeApiServer.StartAsync();
        kube.AddToken("sleep-pod-token", new FakeTokenIdentity(
            "system:serviceaccount:default:sleep", "uid-1", ["system:serviceaccounts", "system:serviceaccounts:default"], ["istio-ca"]));
        await using var host = await StartAsync(kube);

        // The node agrees with the token (a node claiming another workload is refused: NodeIdentityOverSocketsTests);
        // the certificate's identity comes from the reviewed token.
        await using var envoy = await StockEnvoyStreams.OpenAsync(
            host.SecureAddress,
            "sidecar~10.1.1.1~sleep-1.default~default.svc.cluster.local",
            new Dictionary<string, string> { ["NAMESPACE"] = "default", ["SERVICE_ACCOUNT"] = "sleep" },
            new TestGrpcChannelOptions { TrustedRoots = host.Ca.TrustBundle.ToCollection(), CheckServerName = false },
            new Dictionary<string, string> { ["authorization"] = "Bearer sleep-pod-token" });
        var response = await envoy.NextAsync(XdsTypeUrls.Secret, Timeout);

        var secret = response.Decoded<Secret>()["default"];
        using var leaf = X509Certificate2.CreateFromPem(secret.TlsCertificate.CertificateChain.InlineBytes.ToStringUtf8());
        Assert.That(CertificateSans.Uris(leaf), Is.EqualTo(new[] { "spiffe://cluster.local/ns/default/sa/sleep" }));
    }

    private static async Task<IstioCertificateResponse> CreateCertificateAsync(RunningHost host, string token)
    {
        using var channel = TestGrpcChannels.ForAddress(host.SecureAddress, new TestGrpcChannelOptions
        {
            TrustedRoots = host.Ca.TrustBundle.ToCollection(),
            CheckServerName = false,
        });
        return await new CaClient(channel).CreateCertificateAsync(
            new IstioCertificateRequest { Csr = TestCsrs.CreateEc("spiffe://cluster.local/ns/kube-system/sa/admin") },
            headers: new Metadata { { "authorization", "Bearer " + token } }).ResponseAsync.WaitAsync(Timeout);
    }

    private async Task<RunningHost> StartAsync(FakeKubeApiServer kube)
    {
        var kubeconfig = _folder.File("kubeconfig");
        File.WriteAllText(kubeconfig, $"""
            current-context: fake
            clusters: [{"{"}name: fake, cluster: {"{"}server: "{kube.BaseAddress}"{"}"}{"}"}]
            contexts: [{"{"}name: fake, context: {"{"}cluster: fake, user: istiod{"}"}{"}"}]
            users: [{"{"}name: istiod, user: {"{"}token: istiod-token{"}"}{"}"}]
            """);
        ServeOptions options = null!;
        var app = await HostPorts.StartAsync(ports =>
        {
            options = new ServeOptions
            {
                Bind = "127.0.0.1",
                XdsPort = ports[0],
                SecurePort = ports[1],
                MonitoringPort = ports[2],
                WebhookPort = ports[3],
                CaDir = _folder.File("ca"),
                Kubeconfig = kubeconfig,
                PodName = "istiod-test",
                DebounceAfter = TimeSpan.FromMilliseconds(10),
            };
            return IstiodHost.Build(options, new LoggerConfiguration().CreateLogger());
        }, Timeout);
        return new RunningHost(app, options);
    }


    private sealed class RunningHost(WebApplication app, ServeOptions options) : IAsyncDisposable
    {
        public CertificateAuthority Ca { get; } = app.Services.GetRequiredService<CertificateAuthority>();

        public string SecureAddress => $"https://127.0.0.1:{options.SecurePort}";

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
            await app.DisposeAsync();
        }
    }
}
