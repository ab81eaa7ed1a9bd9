using Envoy.Extensions.TransportSockets.Tls.V3;
using Grpc.Core;
using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Xds.Protocol;

namespace Istiod.Net.Tests.Hosting;

/// <summary>
/// Finding 5a of issue 13: an open SDS stream whose token was removed from <c>--token-file</c>, or expired,
/// gets no renewed certificate: at the renewal the credential is checked again and the stream ends with
/// UNAUTHENTICATED. Certificates live 10 or 20 s here, so the renewal comes at 4 or 8 s; the test waits for the
/// stream's end, never for a clock.
/// </summary>
public sealed class CredentialRecheckTests
{
    private const string NodeId = "sidecar~10.1.1.2~sleep-1.default~default.svc.cluster.local";
    private const string Token = "sleep-token-0123456789";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly Dictionary<string, string> Metadata = new() { ["NAMESPACE"] = "default", ["SERVICE_ACCOUNT"] = "sleep" };

    [Test]
    public async Task Token_removed_from_the_token_file_gets_no_renewed_certificate_and_the_stream_ends_unauthenticated()
    {
        await using var host = await SecurityTestHost.StartAsync(
            new Dictionary<string, (string, string)> { [Token] = ("default", "sleep") },
            o => o with { WorkloadCertificateTtl = TimeSpan.FromSeconds(10) });
        await using var envoy = await StockEnvoyStreams.OpenAsync(
            host.SecureAddress, NodeId, Metadata, host.TlsOptions(), SecurityTestHost.Bearer(Token));
        var first = await envoy.NextAsync(XdsTypeUrls.Secret, Timeout);
        Assert.That(first.Decoded<Secret>().Keys, Does.Contain("default"));

        // Revoked: the token file now lists only someone else (a different length, so the reload is seen).
        SecurityTestHost.WriteTokens(host.TokenFile, new Dictionary<string, (string, string)> { ["another-token-for-someone-else"] = ("default", "other") });

        var failure = await envoy.EndedAsync(Timeout);

        Assert.That(failure?.StatusCode, Is.EqualTo(StatusCode.Unauthenticated), failure?.Status.Detail);
        Assert.That(failure!.Status.Detail, Does.Contain("no longer valid"));
        Assert.ThrowsAsync<RpcException>(() => envoy.NextAsync(XdsTypeUrls.Secret, Timeout), "no renewed certificate was sent");
    }

    [Test]
    public async Task Token_that_expired_on_an_open_stream_gets_no_renewed_certificate()
    {
        await using var host = await SecurityTestHost.StartAsync(
            new Dictionary<string, (string, string)>(),
            o => o with { WorkloadCertificateTtl = TimeSpan.FromSeconds(20) });
        // Valid for 5 s: long enough to connect, expired when the renewal comes (8 s after the first certificate).
        var expiry = DateTimeOffset.UtcNow.AddSeconds(5).ToString("O");
        File.WriteAllText(host.TokenFile, $"{Token}:\n  namespace: default\n  serviceAccount: sleep\n  audiences: [istio-ca]\n  expiry: {expiry}\n");
        await using var envoy = await StockEnvoyStreams.OpenAsync(
            host.SecureAddress, NodeId, Metadata, host.TlsOptions(), SecurityTestHost.Bearer(Token));
        var first = await envoy.NextAsync(XdsTypeUrls.Secret, Timeout);
        Assert.That(first.Decoded<Secret>().Keys, Does.Contain("default"));

        var failure = await envoy.EndedAsync(Timeout);

        Assert.That(failure?.StatusCode, Is.EqualTo(StatusCode.Unauthenticated), failure?.Status.Detail);
        Assert.That(failure!.Status.Detail, Does.Contain("expired"));
        Assert.ThrowsAsync<RpcException>(() => envoy.NextAsync(XdsTypeUrls.Secret, Timeout), "no renewed certificate was sent");
    }
}
