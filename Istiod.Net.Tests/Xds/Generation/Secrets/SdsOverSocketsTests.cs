using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Istiod.Net.Hosting;
using Istiod.Net.Security;
using Istiod.Net.Security.Ca;
using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Tests.Security;
using Istiod.Net.Xds.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Istiod.Net.Tests.Xds.Generation.Secrets;

/// <summary>
/// The whole host on real ports, with a client playing a stock Envoy: secrets only for the identity the
/// stream proved on the TLS port, never for what node metadata claims, never on the plaintext port unless
/// the development flag says so, and a fresh certificate pushed before the old one reaches half-life.
/// </summary>
public sealed class SdsOverSocketsTests
{
    private const string NodeId = "sidecar~10.1.1.1~httpbin-1.web~web.svc.cluster.local";
    private const string SleepToken = "sleep-token-0123456789";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>The default/sleep workload the token stands for, as its node describes it.</summary>
    private const string SleepNodeId = "sidecar~10.1.1.2~sleep-1.default~default.svc.cluster.local";

    /// <summary>Node metadata naming another workload: must never decide the certificate.</summary>
    private static readonly Dictionary<string, string> ClaimsAdmin = new()
    {
        ["NAMESPACE"] = "kube-system",
        ["SERVICE_ACCOUNT"] = "admin",
    };

    /// <summary>
    /// Metadata that matches the credential: a node that claims another workload is refused on the secure
    /// port (NodeIdentityOverSocketsTests), so the identity tests describe the workload they prove.
    /// </summary>
    private static readonly Dictionary<string, string> HttpbinMetadata = new() { ["NAMESPACE"] = "web", ["SERVICE_ACCOUNT"] = "httpbin" };

    private static readonly Dictionary<string, string> SleepMetadata = new() { ["NAMESPACE"] = "default", ["SERVICE_ACCOUNT"] = "sleep" };

    private TempFolder _folder = null!;
    private RecordingSink _log = null!;

    [SetUp]
    public void SetUp()
    {
        _folder = new TempFolder();
        _log = new RecordingSink();
        File.WriteAllText(_folder.File("tokens.yaml"), $"{SleepToken}:\n  namespace: default\n  serviceAccount: sleep\n  audiences: [istio-ca]\nwrong-audience-token:\n  namespace: default\n  serviceAccount: sleep\n  audiences: [other]\n");
    }

    [TearDown]
    public void TearDown() => _folder.Dispose();

    [Test]
    public async Task Client_certificate_from_our_CA_gets_default_and_ROOTCA_for_its_own_identity()
    {
        await using var host = await StartAsync();
        var ca = host.Ca;
        using var clientCertificate = ca.IssueKeyAndCertificate(new SpiffeIdentity("cluster.local", "web", "httpbin")).CreateCertificateWithKey();
        await using var envoy = await StockEnvoyStreams.OpenAsync(
            host.SecureAddress, NodeId, HttpbinMetadata, host.TlsOptions(clientCertificate));

        var response = await envoy.NextAsync(XdsTypeUrls.Secret, Timeout);
        var secrets = response.Decoded<Secret>();

        Assert.That(secrets.Keys, Is.EquivalentTo(new[] { "default", "ROOTCA" }));
        AssertWorkloadSecret(secrets["default"], ca, "spiffe://cluster.local/ns/web/sa/httpbin");
        Assert.That(secrets["ROOTCA"].ValidationContext.TrustedCa.InlineBytes.ToStringUtf8(), Is.EqualTo(ca.TrustBundle.Pem));
    }

    [Test]
    public async Task Bearer_token_from_the_token_file_gets_the_tokens_identity()
    {
        await using var host = await StartAsync();
        await using var envoy = await StockEnvoyStreams.OpenAsync(
            host.SecureAddress, SleepNodeId, SleepMetadata, host.TlsOptions(bearerToken: SleepToken));

        var response = await envoy.NextAsync(XdsTypeUrls.Secret, Timeout);
        var secrets = response.Decoded<Secret>();

        Assert.That(secrets.Keys, Is.EquivalentTo(new[] { "default", "ROOTCA" }));
        AssertWorkloadSecret(secrets["default"], host.Ca, "spiffe://cluster.local/ns/default/sa/sleep");
    }

    [Test]
    public async Task Two_identities_get_different_keys_and_one_identity_reuses_its_own()
    {
        await using var host = await StartAsync();
        using var httpbin = host.Ca.IssueKeyAndCertificate(new SpiffeIdentity("cluster.local", "web", "httpbin")).CreateCertificateWithKey();
        await using var first = await StockEnvoyStreams.OpenAsync(host.SecureAddress, NodeId, HttpbinMetadata, host.TlsOptions(httpbin));
        await using var second = await StockEnvoyStreams.OpenAsync(host.SecureAddress, NodeId, HttpbinMetadata, host.TlsOptions(httpbin));
        await using var sleep = await StockEnvoyStreams.OpenAsync(host.SecureAddress, SleepNodeId, SleepMetadata, host.TlsOptions(bearerToken: SleepToken));

        var a = (await first.NextAsync(XdsTypeUrls.Secret, Timeout)).Decoded<Secret>()["default"];
        var b = (await second.NextAsync(XdsTypeUrls.Secret, Timeout)).Decoded<Secret>()["default"];
        var c = (await sleep.NextAsync(XdsTypeUrls.Secret, Timeout)).Decoded<Secret>()["default"];

        Assert.That(b.TlsCertificate.PrivateKey.InlineBytes, Is.EqualTo(a.TlsCertificate.PrivateKey.InlineBytes), "one identity, one key while it is valid");
        Assert.That(c.TlsCertificate.PrivateKey.InlineBytes, Is.Not.EqualTo(a.TlsCertificate.PrivateKey.InlineBytes), "another identity never gets that key");
        AssertWorkloadSecret(c, host.Ca, "spiffe://cluster.local/ns/default/sa/sleep");
    }

    [TestCase(null, TestName = "No credential on the secure port: no key, config still flows")]
    [TestCase("wrong-audience-token", TestName = "Token for another audience on the secure port: no key, config still flows")]
    [TestCase("unknown-token", TestName = "Unknown token on the secure port: no key, config still flows")]
    public async Task Unauthenticated_stream_on_the_secure_port_gets_no_secret_but_keeps_its_stream(string? token)
    {
        await using var host = await StartAsync();
        await using var envoy = await StockEnvoyStreams.OpenAsync(
            host.SecureAddress, NodeId, ClaimsAdmin, host.TlsOptions(bearerToken: token), alsoClusters: true);

        var clusters = await envoy.NextAsync(XdsTypeUrls.Cluster, Timeout);
        var secrets = await envoy.NextAsync(XdsTypeUrls.Secret, Timeout);

        Assert.That(clusters.TypeUrl, Is.EqualTo(XdsTypeUrls.Cluster), "the stream serves non-secret config");
        Assert.That(secrets.Resources, Is.Empty);
        Assert.That(envoy.Failure, Is.Null);
        Assert.That(_log.Warnings, Has.Some.Contains("withheld"));
    }

    [Test]
    public async Task Plaintext_port_never_serves_a_key_even_with_a_valid_token()
    {
        await using var host = await StartAsync();
        await using var envoy = await StockEnvoyStreams.OpenAsync(host.PlaintextAddress, NodeId, ClaimsAdmin, headers: Bearer(SleepToken));

        var response = await envoy.NextAsync(XdsTypeUrls.Secret, Timeout);

        Assert.That(response.Resources, Is.Empty);
        Assert.That(_log.Messages, Has.None.Contains("INSECURE"));
    }

    [Test]
    public async Task Development_flag_serves_the_metadata_identity_on_plaintext_and_warns_at_start()
    {
        await using var host = await StartAsync(o => o with { DevInsecureSdsOnPlaintext = true });
        await using var envoy = await StockEnvoyStreams.OpenAsync(host.PlaintextAddress, NodeId, ClaimsAdmin);

        var response = await envoy.NextAsync(XdsTypeUrls.Secret, Timeout);
        var secrets = response.Decoded<Secret>();

        Assert.That(_log.Warnings, Has.Some.Contains("--dev-insecure-sds-on-plaintext"));
        Assert.That(secrets.Keys, Is.EquivalentTo(new[] { "default", "ROOTCA" }));
        AssertWorkloadSecret(secrets["default"], host.Ca, "spiffe://cluster.local/ns/kube-system/sa/admin");
    }

    [Test]
    public async Task Short_lifetime_certificate_is_replaced_and_pushed_before_half_life()
    {
        // 20 s certificates: renewal is due at 8 s, half-life at 10 s. The test waits for the push, not for a clock.
        await using var host = await StartAsync(o => o with { WorkloadCertificateTtl = TimeSpan.FromSeconds(20) });
        await using var envoy = await StockEnvoyStreams.OpenAsync(host.SecureAddress, SleepNodeId, SleepMetadata, host.TlsOptions(bearerToken: SleepToken));

        var firstResponse = await envoy.NextAsync(XdsTypeUrls.Secret, Timeout);
        using var first = Leaf(firstResponse.Decoded<Secret>()["default"]);
        var secondResponse = await envoy.NextAsync(XdsTypeUrls.Secret, TimeSpan.FromSeconds(60));
        var receivedAt = secondResponse.ReceivedAt;
        var secondSecret = secondResponse.Decoded<Secret>()["default"];
        using var second = Leaf(secondSecret);

        var issuedAt = new DateTimeOffset(first.NotBefore.ToUniversalTime()) + host.Ca.Options.ClockSkewAllowance;
        var halfLife = issuedAt + (new DateTimeOffset(first.NotAfter.ToUniversalTime()) - issuedAt) / 2;
        Assert.That(second.SerialNumber, Is.Not.EqualTo(first.SerialNumber));
        Assert.That(second.NotBefore, Is.GreaterThan(first.NotBefore));
        Assert.That(receivedAt, Is.LessThan(halfLife), $"the new certificate arrived at {receivedAt:O}; the old one reached half-life at {halfLife:O}");
        AssertWorkloadSecret(secondSecret, host.Ca, "spiffe://cluster.local/ns/default/sa/sleep");
    }

    private static Dictionary<string, string> Bearer(string token) => new() { ["authorization"] = "Bearer " + token };

    private static X509Certificate2 Leaf(Secret secret) =>
        X509Certificate2.CreateFromPem(secret.TlsCertificate.CertificateChain.InlineBytes.ToStringUtf8());

    /// <summary>The key matches the leaf, the leaf's only URI SAN is the identity, and openssl verifies it to the roots.</summary>
    private void AssertWorkloadSecret(Secret secret, CertificateAuthority ca, string identity)
    {
        var chainPem = secret.TlsCertificate.CertificateChain.InlineBytes.ToStringUtf8();
        var keyPem = secret.TlsCertificate.PrivateKey.InlineBytes.ToStringUtf8();
        using var withKey = X509Certificate2.CreateFromPem(chainPem, keyPem);
        Assert.That(withKey.HasPrivateKey, Is.True);
        Assert.That(CertificateSans.Uris(withKey), Is.EqualTo(new[] { identity }));

        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(chainPem);
        var untrusted = chain.Skip(1).Select(c => c.ExportCertificatePem() + "\n");
        var (exit, output) = OpenSsl.Verify(_folder.Path, ca.TrustBundle.Pem, untrusted, chain[0].ExportCertificatePem(), purpose: "sslclient");
        Assert.That(exit, Is.Zero, output);
    }

    private async Task<RunningHost> StartAsync(Func<ServeOptions, ServeOptions>? configure = null)
    {
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
                TokenFile = _folder.File("tokens.yaml"),
                DebounceAfter = TimeSpan.FromMilliseconds(10),
            };
            options = configure?.Invoke(options) ?? options;
            var logger = new LoggerConfiguration().MinimumLevel.Information().WriteTo.Sink(_log).CreateLogger();
            return IstiodHost.Build(options, logger);
        }, TimeSpan.FromSeconds(60));
        return new RunningHost(app, options);
    }


    private sealed class RunningHost(WebApplication app, ServeOptions options) : IAsyncDisposable
    {
        public CertificateAuthority Ca { get; } = app.Services.GetRequiredService<CertificateAuthority>();

        public string SecureAddress => $"https://127.0.0.1:{options.SecurePort}";

        public string PlaintextAddress => $"http://127.0.0.1:{options.XdsPort}";

        /// <summary>Trusts our roots (the serving certificate names istiod, not 127.0.0.1); presents a client certificate when given.</summary>
        public TestGrpcChannelOptions TlsOptions(X509Certificate2? clientCertificate = null, string? bearerToken = null) => new()
        {
            TrustedRoots = Ca.TrustBundle.ToCollection(),
            CheckServerName = false,
            ClientCertificate = clientCertificate,
            BearerToken = bearerToken,
        };

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
            await app.DisposeAsync();
        }
    }

    private sealed class RecordingSink : ILogEventSink
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<LogEvent> _events = new();

        public IReadOnlyList<string> Messages => _events.Select(e => e.RenderMessage()).ToList();

        public IReadOnlyList<string> Warnings => _events.Where(e => e.Level == LogEventLevel.Warning).Select(e => e.RenderMessage()).ToList();

        public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);
    }
}
