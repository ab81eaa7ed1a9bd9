using Istiod.Net.Kube;
using Istiod.Net.Security.Kube;
using Istiod.Net.Tests.Infrastructure.FakeKube;

namespace Istiod.Net.Tests.Security.Kube;

public sealed class KubeTokenReviewerTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [TestCase("system:serviceaccount:default:sleep", "default", "sleep")]
    [TestCase("system:serviceaccount:istio-system:istio-ingressgateway", "istio-system", "istio-ingressgateway")]
    [TestCase("system:serviceaccount:default", null, null)]
    [TestCase("system:serviceaccount:a:b:c", null, null)]
    [TestCase("system:serviceaccount::sleep", null, null)]
    [TestCase("alice", null, null)]
    [TestCase("system:node:worker-1", null, null)]
    public void Only_service_account_user_names_map_to_an_identity(string username, string? ns, string? serviceAccount)
    {
        var parsed = KubeTokenReviewer.ParseServiceAccount(username);
        Assert.That(parsed, Is.EqualTo(ns is null ? null : (ns, serviceAccount!)));
    }

    [Test]
    public async Task Service_account_token_is_valid_for_the_audiences_the_api_server_granted()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        server.AddToken("t", new FakeTokenIdentity("system:serviceaccount:web:httpbin", "u", ["system:serviceaccounts"], ["istio-ca", "api"]));
        using var client = new KubeClient(server.ClientConfig());

        var result = await new KubeTokenReviewer(client).ReviewAsync("t", ["istio-ca"], CancellationToken.None).WaitAsync(Wait);

        Assert.Multiple(() =>
        {
            Assert.That(result.Authenticated, Is.True, result.Error);
            Assert.That((result.Namespace, result.ServiceAccount), Is.EqualTo(("web", "httpbin")));
            Assert.That(result.Audiences, Is.EqualTo(new[] { "istio-ca" }));
        });
    }

    [Test]
    public async Task A_service_account_name_outside_the_service_accounts_group_is_refused()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        server.AddToken("t", new FakeTokenIdentity("system:serviceaccount:web:httpbin", "u", ["system:authenticated"], ["istio-ca"]));
        using var client = new KubeClient(server.ClientConfig());

        var result = await new KubeTokenReviewer(client).ReviewAsync("t", ["istio-ca"], CancellationToken.None).WaitAsync(Wait);

        Assert.That(result.Authenticated, Is.False);
        Assert.That(result.Error, Does.Contain("not a service account"));
    }

    [Test]
    public async Task An_api_server_that_refuses_the_review_means_cannot_review_not_invalid()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        server.FailWith = _ => 403;
        using var client = new KubeClient(server.ClientConfig());

        var result = await new KubeTokenReviewer(client).ReviewAsync("secret-token-value", ["istio-ca"], CancellationToken.None).WaitAsync(Wait);

        Assert.Multiple(() =>
        {
            Assert.That(result.Unavailable, Is.True);
            Assert.That(result.Error, Does.Contain("403").And.Not.Contain("secret-token-value"));
        });
    }
}
