using Istiod.Net.Kube;
using Istiod.Net.Tests.Infrastructure.FakeKube;

namespace Istiod.Net.Tests.Kube;

public sealed class TokenReviewTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Test]
    public async Task A_known_token_for_the_asked_audience_is_authenticated()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        server.AddToken("pod-token", new FakeTokenIdentity(
            "system:serviceaccount:default:reviews", "uid-7", ["system:serviceaccounts", "system:serviceaccounts:default"], ["istio-ca", "api"]));
        using var client = new KubeClient(server.ClientConfig(token: "istiod-token"));

        var result = await client.ReviewTokenAsync("pod-token", ["istio-ca"]).WaitAsync(Wait);
        Assert.Multiple(() =>
        {
            Assert.That(result.Authenticated, Is.True);
            Assert.That(result.Username, Is.EqualTo("system:serviceaccount:default:reviews"));
            Assert.That(result.Uid, Is.EqualTo("uid-7"));
            Assert.That(result.Groups, Is.EqualTo(new[] { "system:serviceaccounts", "system:serviceaccounts:default" }));
            Assert.That(result.Audiences, Is.EqualTo(new[] { "istio-ca" }));
            Assert.That(result.Error, Is.Null);
        });

        var request = server.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(request.Method, Is.EqualTo("POST"));
            Assert.That(request.Path, Is.EqualTo("/apis/authentication.k8s.io/v1/tokenreviews"));
            Assert.That(request.Authorization, Is.EqualTo("Bearer istiod-token"), "the reviewer authenticates as itself");
        });
    }

    [Test]
    public async Task Wrong_audience_or_unknown_token_is_not_authenticated_and_says_why()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        server.AddToken("pod-token", new FakeTokenIdentity("system:serviceaccount:a:b", "u", [], ["api"]));
        using var client = new KubeClient(server.ClientConfig());

        var wrongAudience = await client.ReviewTokenAsync("pod-token", ["istio-ca"]).WaitAsync(Wait);
        Assert.Multiple(() =>
        {
            Assert.That(wrongAudience.Authenticated, Is.False);
            Assert.That(wrongAudience.Username, Is.Null);
            Assert.That(wrongAudience.Error, Does.Contain("audiences"));
        });

        var unknown = await client.ReviewTokenAsync("forged").WaitAsync(Wait);
        Assert.Multiple(() =>
        {
            Assert.That(unknown.Authenticated, Is.False);
            Assert.That(unknown.Error, Does.Contain("invalid bearer token"));
        });
    }

    [Test]
    public async Task A_refused_review_is_an_api_error()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        server.FailWith = _ => 403;
        using var client = new KubeClient(server.ClientConfig());
        var error = Assert.ThrowsAsync<KubeApiException>(() => client.ReviewTokenAsync("t").WaitAsync(Wait));
        Assert.That(error!.StatusCode, Is.EqualTo(403));
    }
}
