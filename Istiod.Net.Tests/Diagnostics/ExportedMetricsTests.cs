using System.Globalization;
using System.Text.RegularExpressions;
using Istiod.Net.Diagnostics;
using Istiod.Net.Load;
using Istiod.Net.Load.Mesh;
using Istiod.Net.Load.Running;
using Istiod.Net.Tests.Bench;
using Microsoft.Extensions.DependencyInjection;

namespace Istiod.Net.Tests.Diagnostics;

/// <summary>
/// What the real host's /metrics serves: every name (and Prometheus type) dashboards and the load tool read
/// today stays, and a real push through real ADS clients records istiod's three latency histograms with
/// istiod's bucket boundaries.
/// </summary>
public sealed partial class ExportedMetricsTests
{
    /// <summary>Every metric /metrics exported before issue 18, and the three histograms istiod users graph.</summary>
    private static readonly Dictionary<string, string> Exported = new(StringComparer.Ordinal)
    {
        ["citadel_server_authentication_failure_count"] = "counter",
        ["citadel_server_csr_count"] = "counter",
        ["citadel_server_csr_parsing_err_count"] = "counter",
        ["citadel_server_success_cert_issuance_count"] = "counter",
        ["dotnet_gc_heap_bytes"] = "gauge",
        ["istiod_config_changes"] = "counter",
        ["istiod_config_rejected_documents"] = "gauge",
        ["istiod_sds_secrets_denied"] = "counter",
        ["istiod_sds_workload_certificates_issued"] = "counter",
        ["istiod_unhealthy"] = "gauge",
        ["istiod_xds_authentication_failures"] = "counter",
        ["istiod_xds_invalid_resources"] = "counter",
        ["istiod_xds_rejected_resources"] = "counter",
        ["istiod_xds_repeated_nacks"] = "counter",
        ["pilot_push_triggers"] = "counter",
        ["pilot_total_xds_rejects"] = "counter",
        ["pilot_xds"] = "gauge",
        ["pilot_xds_cache_evictions"] = "counter",
        ["pilot_xds_cache_reads"] = "counter",
        ["pilot_xds_cache_size"] = "gauge",
        ["pilot_xds_push_time"] = "histogram",
        ["pilot_xds_pushes"] = "counter",
        ["process_cpu_seconds_total"] = "counter",
        ["process_resident_memory_bytes"] = "gauge",
        ["pilot_proxy_convergence_time"] = "histogram",
        ["pilot_proxy_queue_time"] = "histogram",
    };

    private string _dir = "";

    [SetUp]
    public void CreateFolder() => _dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "istiod-net-metrics-" + Guid.NewGuid().ToString("N"))).FullName;

    [TearDown]
    public void DeleteFolder()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder does not fail a test.
        }
    }

    [Test]
    public async Task Every_metric_exported_today_keeps_its_name_and_type()
    {
        await using var server = await RunningIstiod.StartAsync(_dir);
        // OpenTelemetry writes an instrument (even its # TYPE line) once it has a series; before its first
        // measurement an instrument has no sample line with either exporter, so nothing a query sees differs.
        ObserveEveryInstrument(server.Services.GetRequiredService<IstiodMetrics>());

        var types = TypeLine().Matches(await ScrapeAsync(server)).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);

        Assert.That(types, Is.SupersetOf(Exported));
    }

    [Test]
    public async Task A_real_push_records_push_time_per_type_convergence_and_queue_time_with_istiods_buckets()
    {
        var mesh = MeshGenerator.Write(_dir, new MeshShape { Services = 2, Namespaces = 1, EndpointsPerService = 1 });
        await using var server = await RunningIstiod.StartAsync(_dir);
        var settings = new LoadSettings
        {
            Target = server.XdsAddress,
            Monitoring = server.MonitoringAddress,
            Clients = 4,
            Protocol = AdsProtocol.Mixed,
            RampPerSecond = 1000,
            Changes = 1,
            ChangePause = TimeSpan.FromMilliseconds(200),
            ChangeTimeout = TimeSpan.FromSeconds(60),
            SyncTimeout = TimeSpan.FromSeconds(60),
            Timeout = TimeSpan.FromSeconds(120),
        };

        var report = await new LoadRunner(settings, mesh, TextWriter.Null).RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(3));
        Assert.That(report.Changes.Select(c => c.Acked), Is.EqualTo(new[] { 4 }), "every client ACKed the route change");

        var text = await ScrapeAsync(server);
        Assert.Multiple(() =>
        {
            // The route change reached every client through a push: each was queued, then converged.
            Assert.That(Value(text, "pilot_proxy_convergence_time_count"), Is.GreaterThanOrEqualTo(4), text);
            Assert.That(Value(text, "pilot_proxy_queue_time_count"), Is.GreaterThanOrEqualTo(4), text);
            Assert.That(Value(text, "pilot_xds_push_time_count{type=\"RDS\"}"), Is.GreaterThanOrEqualTo(4), text);
            Assert.That(Value(text, "pilot_xds_push_time_count{type=\"LDS\"}"), Is.GreaterThanOrEqualTo(4), text);
            Assert.That(Bounds(text, "pilot_xds_push_time", "{type=\"RDS\","), Is.EqualTo(new[] { "0.01", "0.1", "1", "3", "5", "10", "20", "30", "+Inf" }));
            Assert.That(Bounds(text, "pilot_proxy_convergence_time", "{"), Is.EqualTo(new[] { "0.1", "0.5", "1", "3", "5", "10", "20", "30", "+Inf" }));
            Assert.That(Bounds(text, "pilot_proxy_queue_time", "{"), Is.EqualTo(new[] { "0.1", "0.5", "1", "3", "5", "10", "20", "30", "+Inf" }));
        });
    }

    private static void ObserveEveryInstrument(IstiodMetrics m)
    {
        var type = new KeyValuePair<string, object?>("type", "LDS");
        m.Pushes.Add(0, type);
        m.PushTime.Record(0, type);
        m.ProxyConvergenceTime.Record(0);
        m.ProxyQueueTime.Record(0);
        m.Rejects.Add(0, type);
        m.RepeatedNacks.Add(0, type);
        m.ConfigChanges.Add(0);
        m.InvalidResources.Add(0, type);
        m.RejectedResources.Add(0, type);
        m.CsrRequests.Add(0);
        m.CaAuthenticationFailures.Add(0);
        m.CsrRejections.Add(0);
        m.CertificatesIssued.Add(0);
        m.XdsAuthenticationFailures.Add(0, new KeyValuePair<string, object?>("outcome", "refused"));
        m.SecretsDenied.Add(0, new KeyValuePair<string, object?>("reason", "identity"));
        m.SecretsIssued.Add(0);
        m.ConnectedProxies.Add(0);
        m.ConfigErrors.Add(0);
    }

    private static async Task<string> ScrapeAsync(RunningIstiod server)
    {
        using var http = new HttpClient { BaseAddress = server.MonitoringAddress, Timeout = TimeSpan.FromSeconds(30) };
        return await http.GetStringAsync("/metrics");
    }

    private static double Value(string text, string series)
    {
        // OpenTelemetry writes an unlabelled series as name{}: the same series.
        var line = text.Split('\n').Select(l => l.Replace("{} ", " ", StringComparison.Ordinal)).FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return line is null ? -1 : double.Parse(line[(series.Length + 1)..].Split(' ')[0], CultureInfo.InvariantCulture);
    }

    private static string[] Bounds(string text, string name, string labelsStart) =>
        [.. text.Split('\n')
            .Where(l => l.StartsWith(name + "_bucket" + labelsStart, StringComparison.Ordinal))
            .Select(l => LeLabel().Match(l).Groups[1].Value)];

    [GeneratedRegex("^# TYPE ([a-z_]+) ([a-z]+)$", RegexOptions.Multiline)]
    private static partial Regex TypeLine();

    [GeneratedRegex("le=\"([^\"]+)\"")]
    private static partial Regex LeLabel();
}
