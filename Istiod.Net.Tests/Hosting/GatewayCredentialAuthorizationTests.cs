using Envoy.Extensions.TransportSockets.Tls.V3;
using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Xds.Protocol;

namespace Istiod.Net.Tests.Hosting;

/// <summary>
/// Finding 2 of issue 13, over real TLS streams in file mode: a gateway credential goes to the service
/// accounts listed in <c>--gateway-service-accounts</c> only. A node id that says <c>router~</c> proves nothing.
/// </summary>
public sealed class GatewayCredentialAuthorizationTests
{
    private const string SleepToken = "sleep-token-0123456789";
    private const string GatewayToken = "gateway-token-0123456789";
    private const string RouterNode = "router~10.1.1.9~gw-1.default~default.svc.cluster.local";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly string[] Wanted = ["kubernetes://gw-cred", "kubernetes://gw-cred-cacert"];

    private static readonly Dictionary<string, (string, string)> Tokens = new()
    {
        [SleepToken] = ("default", "sleep"),
        [GatewayToken] = ("default", "gateway"),
    };

    [Test]
    public async Task A_sidecar_identity_calling_itself_router_gets_no_gateway_credential()
    {
        await using var host = await SecurityTestHost.StartAsync(Tokens, o => o with { GatewayServiceAccounts = [("default", "gateway")] });
        SecurityTestHost.WriteCredential(host.Options.CredentialsDir!, "default", "gw-cred", host.Ca);
        await using var pretender = await StockEnvoyStreams.OpenAsync(
            host.SecureAddress, RouterNode, new Dictionary<string, string> { ["NAMESPACE"] = "default" },
            host.TlsOptions(), SecurityTestHost.Bearer(SleepToken), secretNames: Wanted);

        var response = await pretender.NextAsync(XdsTypeUrls.Secret, Timeout);

        Assert.That(response.Resources, Is.Empty);
        Assert.That(host.Log.Messages, Has.Some.Contains("default/sleep is not listed in --gateway-service-accounts"));
    }

    [Test]
    public async Task A_listed_gateway_service_account_gets_its_credential()
    {
        await using var host = await SecurityTestHost.StartAsync(Tokens, o => o with { GatewayServiceAccounts = [("default", "gateway")] });
        var (chainPem, keyPem) = SecurityTestHost.WriteCredential(host.Options.CredentialsDir!, "default", "gw-cred", host.Ca);
        await using var gateway = await StockEnvoyStreams.OpenAsync(
            host.SecureAddress, RouterNode, new Dictionary<string, string> { ["NAMESPACE"] = "default", ["SERVICE_ACCOUNT"] = "gateway" },
            host.TlsOptions(), SecurityTestHost.Bearer(GatewayToken), secretNames: Wanted);

        var secrets = (await gateway.NextAsync(XdsTypeUrls.Secret, Timeout)).Decoded<Secret>();

        Assert.That(secrets.Keys, Is.EquivalentTo(new[] { "kubernetes://gw-cred" }), "the folder has no ca.crt, so there is no -cacert");
        Assert.That(secrets["kubernetes://gw-cred"].TlsCertificate.PrivateKey.InlineBytes.ToStringUtf8(), Is.EqualTo(keyPem));
        Assert.That(secrets["kubernetes://gw-cred"].TlsCertificate.CertificateChain.InlineBytes.ToStringUtf8(), Is.EqualTo(chainPem));
    }

    [Test]
    public async Task Without_the_flag_no_service_account_gets_a_gateway_credential_and_start_up_says_so()
    {
        await using var host = await SecurityTestHost.StartAsync(Tokens);
        SecurityTestHost.WriteCredential(host.Options.CredentialsDir!, "default", "gw-cred", host.Ca);
        await using var gateway = await StockEnvoyStreams.OpenAsync(
            host.SecureAddress, RouterNode, new Dictionary<string, string> { ["NAMESPACE"] = "default" },
            host.TlsOptions(), SecurityTestHost.Bearer(GatewayToken), secretNames: Wanted);

        var response = await gateway.NextAsync(XdsTypeUrls.Secret, Timeout);

        Assert.That(response.Resources, Is.Empty);
        Assert.That(host.Log.Messages, Has.Some.Contains("--gateway-service-accounts names no service account"));
    }
}
