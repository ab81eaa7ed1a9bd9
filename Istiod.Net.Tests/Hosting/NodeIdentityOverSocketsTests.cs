using Envoy.Extensions.TransportSockets.Tls.V3;
using Grpc.Core;
using Istiod.Net.Security;
using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Xds.Protocol;

namespace Istiod.Net.Tests.Hosting;

/// <summary>
/// Finding 4 of issue 13: on the secure port a valid credential for one workload must not be served the
/// config of another. A node id or metadata naming another namespace or service account ends the stream
/// with PERMISSION_DENIED (gRPC 7), over a real TLS socket as a stock Envoy connects.
/// </summary>
public sealed class NodeIdentityOverSocketsTests
{
    private const string Token = "sleep-token-0123456789";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [TestCase("sidecar~10.1.1.2~sleep-1.kube-system~kube-system.svc.cluster.local", null, null, TestName = "Node id naming another namespace is refused")]
    [TestCase("sidecar~10.1.1.2~sleep-1.default~default.svc.cluster.local", "kube-system", null, TestName = "Metadata NAMESPACE naming another namespace is refused")]
    [TestCase("sidecar~10.1.1.2~sleep-1.default~default.svc.cluster.local", "default", "admin", TestName = "Metadata SERVICE_ACCOUNT naming another service account is refused")]
    [TestCase("router~10.1.1.2~gw-1.istio-system~istio-system.svc.cluster.local", "istio-system", "istio-ingressgateway", TestName = "A gateway node of another namespace is refused")]
    public async Task Token_for_one_workload_with_a_node_claiming_another_is_permission_denied(string nodeId, string? ns, string? serviceAccount)
    {
        await using var host = await SecurityTestHost.StartAsync(new Dictionary<string, (string, string)> { [Token] = ("default", "sleep") });
        await using var envoy = await StockEnvoyStreams.OpenAsync(
            host.SecureAddress, nodeId, Metadata(ns, serviceAccount), host.TlsOptions(), SecurityTestHost.Bearer(Token));

        var failure = await envoy.EndedAsync(Timeout);

        Assert.That(failure?.StatusCode, Is.EqualTo(StatusCode.PermissionDenied), failure?.Status.Detail);
        Assert.That(failure!.Status.Detail, Does.Contain("spiffe://cluster.local/ns/default/sa/sleep"));
        Assert.That(host.Log.Messages, Has.Some.Contains("PERMISSION_DENIED"));
    }

    [Test]
    public async Task Client_certificate_for_one_namespace_with_a_node_of_another_is_permission_denied()
    {
        await using var host = await SecurityTestHost.StartAsync(new Dictionary<string, (string, string)>());
        using var certificate = host.Ca.IssueKeyAndCertificate(new SpiffeIdentity("cluster.local", "web", "httpbin")).CreateCertificateWithKey();
        await using var envoy = await StockEnvoyStreams.OpenAsync(
            host.SecureAddress, "sidecar~10.1.1.3~httpbin-1.default~default.svc.cluster.local", Metadata("default", null), host.TlsOptions(certificate));

        var failure = await envoy.EndedAsync(Timeout);

        Assert.That(failure?.StatusCode, Is.EqualTo(StatusCode.PermissionDenied), failure?.Status.Detail);
    }

    [Test]
    public async Task Node_that_matches_its_token_is_served()
    {
        await using var host = await SecurityTestHost.StartAsync(new Dictionary<string, (string, string)> { [Token] = ("default", "sleep") });
        await using var envoy = await StockEnvoyStreams.OpenAsync(
            host.SecureAddress, "sidecar~10.1.1.2~sleep-1.default~default.svc.cluster.local", Metadata("default", "sleep"), host.TlsOptions(), SecurityTestHost.Bearer(Token));

        var secrets = (await envoy.NextAsync(XdsTypeUrls.Secret, Timeout)).Decoded<Secret>();

        Assert.That(secrets.Keys, Is.EquivalentTo(new[] { "default", "ROOTCA" }));
        Assert.That(envoy.Failure, Is.Null);
    }

    private static Dictionary<string, string> Metadata(string? ns, string? serviceAccount)
    {
        var metadata = new Dictionary<string, string>();
        if (ns is not null)
        {
            metadata["NAMESPACE"] = ns;
        }

        if (serviceAccount is not null)
        {
            metadata["SERVICE_ACCOUNT"] = serviceAccount;
        }

        return metadata;
    }
}
