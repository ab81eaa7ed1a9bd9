using System.Text.Json.Nodes;
using Istiod.Net.Kube;
using Istiod.Net.Tests.Infrastructure.FakeKube;

namespace Istiod.Net.Tests.Kube;

public sealed class SubjectAccessReviewClientTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Test]
    public async Task Allowed_is_the_api_servers_answer_for_the_user_groups_and_resource_asked()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        var asked = new List<JsonObject>();
        server.Authorize = spec =>
        {
            asked.Add(spec.DeepClone().AsObject());
            var attributes = spec["resourceAttributes"];
            return spec["user"]?.GetValue<string>() == "system:serviceaccount:gw:ingress"
                && attributes?["verb"]?.GetValue<string>() == "get"
                && attributes?["resource"]?.GetValue<string>() == "secrets"
                && attributes?["namespace"]?.GetValue<string>() == "gw"
                && attributes?["name"]?.GetValue<string>() == "tls-cert";
        };
        using var client = new KubeClient(server.ClientConfig(token: "istiod-token"));
        string[] groups = ["system:serviceaccounts", "system:serviceaccounts:gw"];

        var allowed = await client.ReviewSubjectAccessAsync("system:serviceaccount:gw:ingress", groups, "gw", "get", "secrets", "tls-cert").WaitAsync(Wait);
        var otherSecret = await client.ReviewSubjectAccessAsync("system:serviceaccount:gw:ingress", groups, "gw", "get", "secrets", "db-password").WaitAsync(Wait);

        Assert.Multiple(() =>
        {
            Assert.That(allowed, Is.True);
            Assert.That(otherSecret, Is.False);
            Assert.That(asked[0]["groups"]!.AsArray().Select(g => g!.GetValue<string>()), Is.EqualTo(groups));
            var request = server.Requests[^1];
            Assert.That(request.Method, Is.EqualTo("POST"));
            Assert.That(request.Path, Is.EqualTo("/apis/authorization.k8s.io/v1/subjectaccessreviews"));
            Assert.That(request.Authorization, Is.EqualTo("Bearer istiod-token"), "istiod asks as itself");
        });
    }

    [Test]
    public async Task A_refused_review_is_a_KubeApiException_with_the_status()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        server.FailWith = _ => 403;
        using var client = new KubeClient(server.ClientConfig());

        var error = Assert.ThrowsAsync<KubeApiException>(() =>
            client.ReviewSubjectAccessAsync("u", [], "ns", "get", "secrets", "s").WaitAsync(Wait));
        Assert.That(error!.StatusCode, Is.EqualTo(403));
    }
}
