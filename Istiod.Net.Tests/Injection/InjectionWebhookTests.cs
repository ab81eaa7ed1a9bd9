using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Istiod.Net.Injection;
using Istiod.Net.Tests.Grpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Istiod.Net.Tests.Injection;

/// <summary>The mutating webhook on Kestrel (127.0.0.1, real socket), driven with AdmissionReview v1 bodies.</summary>
public sealed class InjectionWebhookTests
{
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    [OneTimeSetUp]
    public async Task SetUp()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.MapInjectionWebhook();
        await _app.StartAsync().DefaultTimeout();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        _http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) };
    }

    [OneTimeTearDown]
    public async Task TearDown()
    {
        _http.Dispose();
        await _app.StopAsync().DefaultTimeout();
        await _app.DisposeAsync();
    }

    private async Task<JsonObject> ReviewAsync(JsonObject pod)
    {
        var review = new JsonObject
        {
            ["apiVersion"] = "admission.k8s.io/v1",
            ["kind"] = "AdmissionReview",
            ["request"] = new JsonObject { ["uid"] = "uid-7", ["operation"] = "CREATE", ["namespace"] = "bookinfo", ["object"] = pod.DeepClone() },
        };
        using var content = new StringContent(review.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync("/inject", content).DefaultTimeout();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return JsonNode.Parse(await response.Content.ReadAsStringAsync().DefaultTimeout())!["response"]!.AsObject();
    }

    [Test]
    public async Task PatchAppliedToThePodEqualsTheInjectorsOutput()
    {
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = InjectionTestPods.Template(InjectionTestPods.Deployment())["metadata"]!.DeepClone(),
            ["spec"] = InjectionTestPods.Template(InjectionTestPods.Deployment())["spec"]!.DeepClone(),
        };
        pod["metadata"]!["generateName"] = "reviews-v1-7d9f-";

        var response = await ReviewAsync(pod);

        Assert.That(response["uid"]!.ToString(), Is.EqualTo("uid-7"));
        Assert.That(response["allowed"]!.GetValue<bool>(), Is.True);
        Assert.That(response["patchType"]!.ToString(), Is.EqualTo("JSONPatch"));
        var patch = JsonNode.Parse(Convert.FromBase64String(response["patch"]!.ToString()))!.AsArray();
        var patched = Apply(pod, patch);
        var expected = new SidecarInjector(new SidecarInjectionOptions()).Inject(pod, "bookinfo", InjectionTestPods.OptedIn).Pod;
        Assert.That(JsonNode.DeepEquals(patched, expected), Is.True, patched.ToJsonString());
        Assert.That(patched["spec"]!["containers"]!.AsArray(), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task BadAnnotationIsAllowedUnchangedWithAWarning()
    {
        var template = InjectionTestPods.Template(InjectionTestPods.Deployment("""{"traffic.sidecar.istio.io/excludeOutboundPorts":"http"}"""));
        var response = await ReviewAsync(template);
        Assert.That(response["allowed"]!.GetValue<bool>(), Is.True);
        Assert.That(response.ContainsKey("patch"), Is.False);
        Assert.That(response["warnings"]![0]!.ToString(), Does.Contain("excludeOutboundPorts"));
    }

    [Test]
    public async Task OptedOutPodGetsNoPatch()
    {
        var response = await ReviewAsync(InjectionTestPods.Template(InjectionTestPods.Deployment("""{"sidecar.istio.io/inject":"false"}""")));
        Assert.That(response["allowed"]!.GetValue<bool>(), Is.True);
        Assert.That(response.ContainsKey("patch"), Is.False);
    }

    [Test]
    public async Task GarbageBodyIsA400NotA500()
    {
        using var content = new StringContent("{not json", Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync("/inject", content).DefaultTimeout();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [TestCase("""{"metadata":"oops","spec":{"containers":[{"name":"app","image":"app"}]}}""", "request.object.metadata: expected an object, got a string")]
    [TestCase("""{"metadata":{"annotations":"oops"},"spec":{"containers":[]}}""", "request.object.metadata.annotations: expected an object of strings, got a string")]
    [TestCase("""{"metadata":{"labels":{"app":7}},"spec":{"containers":[]}}""", "request.object.metadata.labels[\"app\"]: expected a string, got a number")]
    [TestCase("""{"metadata":{"name":["x"]},"spec":{"containers":[]}}""", "request.object.metadata.name: expected a string, got a list")]
    [TestCase("""{"metadata":{},"spec":"oops"}""", "request.object.spec: expected an object, got a string")]
    [TestCase("""{"metadata":{},"spec":{"containers":"oops"}}""", "request.object.spec.containers: expected a list, got a string")]
    [TestCase("""{"metadata":{},"spec":{"containers":[{"name":1}]}}""", "request.object.spec.containers[0].name: expected a string, got a number")]
    [TestCase("""{"metadata":{},"spec":{"containers":[],"hostNetwork":"yes"}}""", "request.object.spec.hostNetwork: expected true or false, got a string")]
    [TestCase("\"oops\"", "request.object: expected an object")]
    public async Task AWrongTypedPodFieldIsAClear400(string pod, string problem)
    {
        var body = """{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","namespace":"bookinfo","object":""" + pod + "}}";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync("/inject", content).DefaultTimeout();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync().DefaultTimeout(), Does.Contain(problem));
    }

    [Test]
    public async Task AWrongTypedRequestNamespaceIsA400()
    {
        const string body = """{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","namespace":{"a":1},"object":{"metadata":{},"spec":{"containers":[]}}}}""";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync("/inject", content).DefaultTimeout();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync().DefaultTimeout(), Does.Contain("request.namespace: expected a string, got an object"));
    }

    /// <summary>
    /// Applies the webhook's RFC 6902 patch with an independent implementation (ASP.NET Core's JSON Patch),
    /// as the API server would: a replace of a missing member or a bad path fails the test.
    /// </summary>
    private static JsonObject Apply(JsonObject document, JsonArray patch)
    {
        Assert.That(patch.Select(o => o!["op"]!.ToString()), Has.All.AnyOf("add", "replace"));
        var result = document.DeepClone().AsObject();
        var operations = System.Text.Json.JsonSerializer.Deserialize<Microsoft.AspNetCore.JsonPatch.SystemTextJson.JsonPatchDocument>(patch.ToJsonString())!;
        operations.ApplyTo(result);
        return result;
    }
}
