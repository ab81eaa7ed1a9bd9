using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Istiod.Net.Admission;
using Istiod.Net.Tests.Grpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Istiod.Net.Tests.Admission;

/// <summary>The validating webhook on Kestrel (127.0.0.1, real socket), driven with AdmissionReview bodies like the API server sends.</summary>
public sealed class AdmissionWebhookTests
{
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    [OneTimeSetUp]
    public async Task SetUp()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Limits.MaxRequestBodySize = 64 * 1024 * 1024;
        });
        _app = builder.Build();
        _app.MapAdmissionWebhook();
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

    private static JsonObject Review(string version, string operation, JsonObject? obj, string uid = "uid-1") => new()
    {
        ["apiVersion"] = $"admission.k8s.io/{version}",
        ["kind"] = "AdmissionReview",
        ["request"] = new JsonObject
        {
            ["uid"] = uid,
            ["operation"] = operation,
            ["namespace"] = "ns",
            ["object"] = obj,
        },
    };

    private static JsonObject VirtualService(int weight) => JsonNode.Parse($$$"""
        {"apiVersion":"networking.istio.io/v1","kind":"VirtualService","metadata":{"name":"vs","namespace":"ns"},
         "spec":{"hosts":["a.example.com"],"http":[{"route":[{"destination":{"host":"a.example.com"},"weight":{{{weight}}}}]}]}}
        """)!.AsObject();

    private async Task<(HttpStatusCode Status, string Body)> PostAsync(string body, string contentType = "application/json")
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        using var response = await _http.PostAsync("/validate", content).DefaultTimeout();
        return (response.StatusCode, await response.Content.ReadAsStringAsync().DefaultTimeout());
    }

    private async Task<JsonObject> ReviewAsync(JsonObject review)
    {
        var (status, body) = await PostAsync(review.ToJsonString());
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body);
        return JsonNode.Parse(body)!.AsObject();
    }

    [TestCase("v1")]
    [TestCase("v1beta1")]
    public async Task Valid_object_is_allowed_and_the_response_echoes_uid_and_version(string version)
    {
        var reply = await ReviewAsync(Review(version, "CREATE", VirtualService(100), uid: "abc-123"));

        Assert.That(reply["apiVersion"]!.GetValue<string>(), Is.EqualTo($"admission.k8s.io/{version}"));
        Assert.That(reply["kind"]!.GetValue<string>(), Is.EqualTo("AdmissionReview"));
        Assert.That(reply["response"]!["uid"]!.GetValue<string>(), Is.EqualTo("abc-123"));
        Assert.That(reply["response"]!["allowed"]!.GetValue<bool>(), Is.True);
    }

    [TestCase("v1", "CREATE")]
    [TestCase("v1beta1", "UPDATE")]
    public async Task Invalid_object_is_denied_with_every_error(string version, string operation)
    {
        var vs = VirtualService(-5);
        vs["spec"]!["hosts"] = new JsonArray("bad_host!");
        var reply = await ReviewAsync(Review(version, operation, vs));

        var response = reply["response"]!;
        Assert.That(response["allowed"]!.GetValue<bool>(), Is.False);
        var message = response["status"]!["message"]!.GetValue<string>();
        Assert.That(message, Does.StartWith("configuration is invalid: "));
        Assert.That(message, Does.Contain("spec.http[0].route[0].weight"));
        Assert.That(message, Does.Contain("spec.hosts[0]"));
    }

    [Test]
    public async Task Warnings_are_returned_on_an_allowed_object()
    {
        var reply = await ReviewAsync(Review("v1", "CREATE", VirtualService(150)));

        Assert.That(reply["response"]!["allowed"]!.GetValue<bool>(), Is.True);
        var warnings = reply["response"]!["warnings"]!.AsArray().Select(w => w!.GetValue<string>()).ToArray();
        Assert.That(warnings, Has.Some.Contains("weight 150"));
    }

    [TestCase("DELETE")]
    [TestCase("CONNECT")]
    public async Task Operations_other_than_create_and_update_are_allowed_even_for_a_bad_object(string operation)
    {
        var reply = await ReviewAsync(Review("v1", operation, VirtualService(-5)));

        Assert.That(reply["response"]!["allowed"]!.GetValue<bool>(), Is.True);
    }

    [Test]
    public async Task Kinds_outside_the_schema_table_are_allowed()
    {
        var pod = JsonNode.Parse("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"nonsense":1}}""")!.AsObject();
        var reply = await ReviewAsync(Review("v1", "CREATE", pod));

        Assert.That(reply["response"]!["allowed"]!.GetValue<bool>(), Is.True);
    }

    [Test]
    public async Task Security_kinds_are_validated_too()
    {
        var policy = JsonNode.Parse("""
            {"apiVersion":"security.istio.io/v1","kind":"AuthorizationPolicy","metadata":{"name":"p","namespace":"ns"},
             "spec":{"rules":[{"from":[{"source":{"serviceAccounts":["ns/sa"],"namespaces":["ns"]}}]}]}}
            """)!.AsObject();
        var reply = await ReviewAsync(Review("v1", "CREATE", policy));

        Assert.That(reply["response"]!["allowed"]!.GetValue<bool>(), Is.False);
        Assert.That(reply["response"]!["status"]!["message"]!.GetValue<string>(), Does.Contain("Cannot set serviceAccounts with namespaces or principals"));
    }

    [TestCase("{not json")]
    [TestCase("[1,2,3]")]
    [TestCase("""{"apiVersion":"admission.k8s.io/v2","kind":"AdmissionReview","request":{"uid":"x"}}""")]
    [TestCase("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}""")]
    [TestCase("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"operation":"CREATE"}}""")]
    [TestCase("")]
    public async Task Garbage_gets_a_400_with_a_reason(string body)
    {
        var (status, text) = await PostAsync(body);

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(text.Trim(), Is.Not.Empty);
    }

    [Test]
    public async Task Wrong_content_type_gets_a_415()
    {
        var (status, text) = await PostAsync(Review("v1", "CREATE", VirtualService(1)).ToJsonString(), "text/yaml");

        Assert.That(status, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
        Assert.That(text, Does.Contain("application/json"));
    }

    [Test]
    public async Task Oversized_body_gets_a_413_and_the_server_keeps_serving()
    {
        var huge = new string('a', AdmissionWebhookEndpoints.MaxBodyBytes + 1024);
        var (status, text) = await PostAsync($$"""{"pad":"{{huge}}"}""");

        Assert.That(status, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(text, Does.Contain("larger than"));
        var after = await ReviewAsync(Review("v1", "CREATE", VirtualService(1)));
        Assert.That(after["response"]!["allowed"]!.GetValue<bool>(), Is.True);
    }

    [Test]
    public async Task Deeply_nested_json_gets_a_400_not_a_crash()
    {
        var body = new string('[', 10_000) + new string(']', 10_000);
        var (status, _) = await PostAsync(body);

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
    }
}
