using System.Net;
using System.Text;
using System.Text.Json;
using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Tests.Security;

namespace Istiod.Net.Tests.Hosting;

/// <summary>
/// The real <c>istiod-net serve</c> with <c>--log-format json --log-level default:warn,push:info,http:info</c>:
/// every line is Serilog's compact JSON (CLEF), the webhook and monitoring ports log one line per request
/// (method, path, status, elapsed, caller) except the /metrics and /ready scrapes (debug), and the push
/// area logs at info while every other area stays at warn.
/// </summary>
public sealed class ServeRequestLogTests
{
    private static readonly TimeSpan Ready = TimeSpan.FromSeconds(90);

    [Test]
    public async Task JsonCompactRequestLogsAndPerAreaLevels()
    {
        using var folder = new TempFolder();
        var (config, logs) = (Directory.CreateDirectory(folder.File("config")).FullName, folder.File("logs"));
        await using var istiod = await IstiodProcess.StartAsync(
            config,
            logs,
            Ready,
            extraArguments: ["--log-format", "json", "--log-level", "default:warn,push:info,http:info", "--ca-dir", folder.File("ca")]);

        await istiod.GetStringAsync("metrics");
        await istiod.GetStringAsync("ready");
        await istiod.GetStringAsync("debug/configz");
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
        using var https = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        using var validate = await https.PostAsync(
            $"https://127.0.0.1:{istiod.WebhookPort}/validate",
            new StringContent("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}""", Encoding.UTF8, "application/json"));

        var events = await WaitForEventsAsync(istiod, all => all.Any(e => Path(e) == "/validate"));
        var configz = events.Single(e => Path(e) == "/debug/configz");
        var webhook = events.Single(e => Path(e) == "/validate");
        Assert.Multiple(() =>
        {
            // Compact JSON: a timestamp and the template on every line, the level only when not Information.
            Assert.That(events.All(e => e.TryGetProperty("@t", out _) && e.TryGetProperty("@mt", out _)), istiod.RecentOutput);
            Assert.That(configz.TryGetProperty("@l", out _), Is.False, "information carries no @l in CLEF");
            Assert.That(configz.GetProperty("RequestMethod").GetString(), Is.EqualTo("GET"));
            Assert.That(configz.GetProperty("StatusCode").GetInt32(), Is.EqualTo(200));
            Assert.That(configz.GetProperty("Elapsed").GetDouble(), Is.GreaterThanOrEqualTo(0));
            Assert.That(configz.GetProperty("RemoteAddress").GetString(), Is.EqualTo("127.0.0.1"));
            Assert.That(webhook.GetProperty("RequestMethod").GetString(), Is.EqualTo("POST"));
            Assert.That(webhook.GetProperty("StatusCode").GetInt32(), Is.EqualTo((int)validate.StatusCode));

            // Scrapes and probes are debug: not shown at http:info.
            Assert.That(events.Where(e => Path(e) is "/metrics" or "/ready"), Is.Empty, istiod.RecentOutput);

            // push:info shows the push area's information lines; default:warn hides everyone else's
            // (the CA's "Created a self-signed root" and the host's "listening" line are information).
            Assert.That(events.Any(e => Context(e).StartsWith("Istiod.Net.Push", StringComparison.Ordinal) && !e.TryGetProperty("@l", out _)), istiod.RecentOutput);
            Assert.That(
                events.Where(e => !e.TryGetProperty("@l", out _) && !Context(e).StartsWith("Istiod.Net.Push", StringComparison.Ordinal) && Path(e) is null),
                Is.Empty,
                istiod.RecentOutput);
            Assert.That(istiod.RecentOutput, Does.Not.Contain("Created a self-signed"));
        });
    }

    /// <summary>The path of a request log line; null for other lines (which may carry the request's scope too).</summary>
    private static string? Path(JsonElement e) =>
        Context(e) == "Serilog.AspNetCore.RequestLoggingMiddleware" && e.TryGetProperty("RequestPath", out var p) ? p.GetString() : null;

    private static string Context(JsonElement e) => e.TryGetProperty("SourceContext", out var c) ? c.GetString() ?? "" : "";

    /// <summary>Every stdout line parsed as JSON (a line that is not fails the test), once <paramref name="done"/> holds.</summary>
    private static async Task<List<JsonElement>> WaitForEventsAsync(IstiodProcess istiod, Func<List<JsonElement>, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            // The log file holds every line (the in-memory tail only the last ones); "#" lines are the harness's.
            var lines = File.ReadAllLines(istiod.LogPath).Where(l => l.Trim().Length > 0 && !l.StartsWith('#')).ToList();
            var events = new List<JsonElement>();
            foreach (var line in lines)
            {
                var json = line[(line.IndexOf('{') is var at && at >= 0 ? at : 0)..];
                try
                {
                    events.Add(JsonDocument.Parse(json).RootElement.Clone());
                }
                catch (JsonException)
                {
                    Assert.Fail($"not a JSON log line: {line}");
                }
            }

            if (done(events) || DateTime.UtcNow > deadline)
            {
                return events;
            }

            await Task.Delay(200);
        }
    }
}
