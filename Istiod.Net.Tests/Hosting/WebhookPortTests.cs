using Istiod.Net.Tests.Infrastructure;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Istiod.Net.Hosting;

namespace Istiod.Net.Tests.Hosting;

/// <summary>The host serves the validating webhook on its own TLS port, and only there.</summary>
public sealed class WebhookPortTests
{
    [Test]
    public async Task Webhook_port_denies_an_invalid_VirtualService_over_TLS()
    {
        ServeOptions options = null!;
        await using var app = await HostPorts.StartAsync(ports =>
        {
            options = new ServeOptions
            {
                Bind = "127.0.0.1",
                XdsPort = ports[0],
                SecurePort = ports[1],
                MonitoringPort = ports[2],
                WebhookPort = ports[3],
                LogLevel = "error",
            };
            return IstiodHost.Build(options, LoggingSetup.Create(options));
        }, TimeSpan.FromSeconds(60));
        try
        {
            using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
            using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
            const string review = """
                {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u-1","operation":"CREATE",
                 "kind":{"group":"networking.istio.io","version":"v1","kind":"VirtualService"},
                 "object":{"apiVersion":"networking.istio.io/v1","kind":"VirtualService","metadata":{"name":"bad","namespace":"default"},
                           "spec":{"hosts":["a.example.com"],"http":[{"route":[{"destination":{"host":"a.example.com"},"weight":-5}]}]}}}}
                """;
            var response = await http.PostAsync($"https://127.0.0.1:{options.WebhookPort}/validate", new StringContent(review, Encoding.UTF8, "application/json"));
            var body = await response.Content.ReadAsStringAsync();

            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
            Assert.That(body, Does.Contain("\"uid\":\"u-1\""));
            Assert.That(body, Does.Contain("\"allowed\":false"));
            Assert.That(body, Does.Contain("configuration is invalid:"));

            // The monitoring port does not answer webhook calls.
            var onMonitoring = await http.PostAsync($"http://127.0.0.1:{options.MonitoringPort}/validate", new StringContent(review, Encoding.UTF8, "application/json"));
            Assert.That(onMonitoring.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        }
        finally
        {
            await app.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

}
