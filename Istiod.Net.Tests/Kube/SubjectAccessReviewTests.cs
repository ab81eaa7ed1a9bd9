using System.Text.Json.Nodes;
using Istiod.Net.Kube;
using Istiod.Net.Security;
using Istiod.Net.Security.Credentials;
using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Tests.Infrastructure.FakeKube;

namespace Istiod.Net.Tests.Kube;

/// <summary>
/// Finding 2 of issue 13 in a cluster: SubjectAccessReview through <see cref="KubeClient"/> against the fake
/// API server, and the gateway credential authorizer built on it (cached briefly, denying when unsure).
/// </summary>
public sealed class SubjectAccessReviewTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Test]
    public async Task Review_posts_the_user_groups_and_resource_and_returns_allowed()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        server.Allow(new FakeAccessRule("system:serviceaccount:istio-ingress:gateway", "istio-ingress", "get", "secrets", "gw-cred"));
        using var client = new KubeClient(server.ClientConfig(token: "istiod-token"));

        var allowed = await client.ReviewSubjectAccessAsync(
            "system:serviceaccount:istio-ingress:gateway", ["system:serviceaccounts"], "istio-ingress", "get", "secrets", "gw-cred").WaitAsync(Wait);
        var otherName = await client.ReviewSubjectAccessAsync(
            "system:serviceaccount:istio-ingress:gateway", [], "istio-ingress", "get", "secrets", "other").WaitAsync(Wait);
        var otherUser = await client.ReviewSubjectAccessAsync(
            "system:serviceaccount:istio-ingress:sleep", [], "istio-ingress", "get", "secrets", "gw-cred").WaitAsync(Wait);

        Assert.Multiple(() =>
        {
            Assert.That(allowed, Is.True);
            Assert.That(otherName, Is.False);
            Assert.That(otherUser, Is.False);
        });
        var request = server.Requests.First();
        Assert.That(request.Method, Is.EqualTo("POST"));
        Assert.That(request.Path, Is.EqualTo("/apis/authorization.k8s.io/v1/subjectaccessreviews"));
        Assert.That(request.Authorization, Is.EqualTo("Bearer istiod-token"));
    }

    [Test]
    public async Task Authorizer_allows_the_granted_service_account_only_and_caches_the_answer()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        server.Allow(new FakeAccessRule("system:serviceaccount:istio-ingress:gateway", "istio-ingress", "get", "secrets", "gw-cred"));
        using var client = new KubeClient(server.ClientConfig());
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var authorizer = new SubjectAccessReviewAuthorizer(client.ReviewSubjectAccessAsync, time);
        var gateway = new SpiffeIdentity("cluster.local", "istio-ingress", "gateway");
        var sleep = new SpiffeIdentity("cluster.local", "istio-ingress", "sleep");

        var first = authorizer.Authorize(gateway, "istio-ingress", "gw-cred");
        var again = authorizer.Authorize(gateway, "istio-ingress", "gw-cred");
        var pretender = authorizer.Authorize(sleep, "istio-ingress", "gw-cred");

        Assert.That(first.Allowed, Is.True);
        Assert.That(again.Allowed, Is.True);
        Assert.That(pretender.Allowed, Is.False);
        Assert.That(pretender.Reason, Does.Contain("system:serviceaccount:istio-ingress:sleep"));
        Assert.That(server.AccessReviews, Has.Count.EqualTo(2), "the repeated question was answered from the cache");

        time.Advance(authorizer.AllowedFor + TimeSpan.FromSeconds(1));
        authorizer.Authorize(gateway, "istio-ingress", "gw-cred");
        Assert.That(server.AccessReviews, Has.Count.EqualTo(3), "asked again once the answer aged out");

        var body = server.AccessReviews[^1];
        Assert.That(body["spec"]!["user"]!.GetValue<string>(), Is.EqualTo("system:serviceaccount:istio-ingress:gateway"));
        Assert.That(body["spec"]!["groups"]!.AsArray().Select(g => g!.GetValue<string>()), Does.Contain("system:serviceaccounts:istio-ingress"));
        Assert.That(body["spec"]!["resourceAttributes"]!["verb"]!.GetValue<string>(), Is.EqualTo("get"));
        Assert.That(body["spec"]!["resourceAttributes"]!["resource"]!.GetValue<string>(), Is.EqualTo("secrets"));
        Assert.That(body["spec"]!["resourceAttributes"]!["name"]!.GetValue<string>(), Is.EqualTo("gw-cred"));
    }

    [Test]
    public void Authorizer_denies_when_the_api_server_cannot_answer()
    {
        var authorizer = new SubjectAccessReviewAuthorizer((_, _, _, _, _, _, _) => Task.FromException<bool>(new HttpRequestException("connection refused")));

        var decision = authorizer.Authorize(new SpiffeIdentity("cluster.local", "istio-ingress", "gateway"), "istio-ingress", "gw-cred");

        Assert.That(decision.Allowed, Is.False);
        Assert.That(decision.Reason, Does.Contain("connection refused"));
    }

    [TestCase("istio-system/istio-ingressgateway,web/gw", 2)]
    [TestCase(" a/b , ", 1)]
    public void Service_account_list_parses(string text, int count) =>
        Assert.That(ServiceAccountListAuthorizer.Parse(text), Has.Count.EqualTo(count));

    [TestCase("istio-system")]
    [TestCase("a/b/c")]
    [TestCase("Upper/case")]
    [TestCase("a/")]
    public void Service_account_list_refuses_a_bad_entry(string text) =>
        Assert.That(() => ServiceAccountListAuthorizer.Parse(text), Throws.TypeOf<FormatException>().With.Message.Contains("namespace>/<service account>"));
}
