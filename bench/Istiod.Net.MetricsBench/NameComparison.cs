using System.Diagnostics.Metrics;
using System.Text.RegularExpressions;
using Istiod.Net.Diagnostics;

namespace Istiod.Net.MetricsBench;

/// <summary>Every instrument of IstiodMetrics, one observation each, as each exporter names and types it.</summary>
internal static partial class NameComparison
{
    public static async Task RunAsync(TextWriter output)
    {
        var ours = await ScrapeAsync(h => ExporterHosts.OursAsync(h));
        var otelDefault = await ScrapeAsync(h => ExporterHosts.OpenTelemetryAsync(h, sameNames: false));
        var otelSame = await ScrapeAsync(h => ExporterHosts.OpenTelemetryAsync(h, sameNames: true));

        output.WriteLine("## Names and types (# TYPE lines) for every IstiodMetrics instrument");
        output.WriteLine($"ours: {ours.Types.Count} metrics; OpenTelemetry default: {otelDefault.Types.Count}; OpenTelemetry with the four options: {otelSame.Types.Count}");
        foreach (var (label, other) in new[] { ("OpenTelemetry default", otelDefault), ("OpenTelemetry four options", otelSame) })
        {
            var missing = ours.Types.Where(t => !other.Types.TryGetValue(t.Key, out var type) || type != t.Value).Select(t => $"{t.Key} ({t.Value})").ToList();
            var extra = other.Types.Where(t => !ours.Types.ContainsKey(t.Key)).Select(t => $"{t.Key} ({t.Value})").ToList();
            output.WriteLine($"{label}: {missing.Count} of ours missing or retyped: {string.Join(", ", missing)}");
            output.WriteLine($"{label}: {extra.Count} names not ours: {string.Join(", ", extra)}");
        }

        output.WriteLine("OpenTelemetry (four options) histogram lines of pilot_xds_push_time:");
        foreach (var line in otelSame.Text.Split('\n').Where(l => l.StartsWith("pilot_xds_push_time", StringComparison.Ordinal)))
        {
            output.WriteLine("  " + line);
        }

        output.WriteLine("OpenTelemetry (four options) sample lines:");
        foreach (var line in otelSame.Text.Split('\n').Where(l => l.StartsWith("pilot_xds_pushes", StringComparison.Ordinal) || l.StartsWith("# TYPE pilot_xds ", StringComparison.Ordinal) || l.StartsWith("pilot_xds{", StringComparison.Ordinal) || l.StartsWith("pilot_xds ", StringComparison.Ordinal)))
        {
            output.WriteLine("  " + line);
        }

        output.WriteLine($"content types: ours {ours.ContentType}; OpenTelemetry {otelSame.ContentType}; OpenTelemetry asked for OpenMetrics: {otelSame.OpenMetricsContentType}");
        output.WriteLine();
    }

    private static async Task<(Dictionary<string, string> Types, string Text, string ContentType, string OpenMetricsContentType)> ScrapeAsync(
        Func<string, Task<(Microsoft.AspNetCore.Builder.WebApplication App, HttpClient Client, IDisposable Exporter)>> host)
    {
        // IstiodMetrics always uses its own meter name; each exporter gets a fresh instance, so only it listens.
        var (app, client, exporter) = await host(IstiodMetrics.MeterName);
        using var metrics = new IstiodMetrics();
        Observe(metrics);
        using var response = await client.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Accept.ParseAdd("application/openmetrics-text; version=1.0.0");
        using var openMetrics = await client.SendAsync(request);
        var types = TypeLine().Matches(text).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);
        await app.StopAsync();
        exporter.Dispose();
        await app.DisposeAsync();
        return (types, text, response.Content.Headers.ContentType?.ToString() ?? "", openMetrics.Content.Headers.ContentType?.ToString() ?? "");
    }

    /// <summary>One measurement on every instrument, so each exporter has a series to show.</summary>
    private static void Observe(IstiodMetrics m)
    {
        var type = new KeyValuePair<string, object?>("type", "LDS");
        m.ConnectedProxies.Add(1);
        m.Pushes.Add(1, type);
        m.PushTime.Record(0.02, type);
        m.ProxyConvergenceTime.Record(0.2);
        m.ProxyQueueTime.Record(0.001);
        m.Rejects.Add(1, type);
        m.RepeatedNacks.Add(1, type);
        m.ConfigErrors.Add(1);
        m.ConfigChanges.Add(1);
        m.PushTriggers.Add(1, new KeyValuePair<string, object?>("type", "config"));
        m.InvalidResources.Add(1, type);
        m.RejectedResources.Add(1, type);
        m.CsrRequests.Add(1);
        m.CaAuthenticationFailures.Add(1);
        m.CsrRejections.Add(1);
        m.CertificatesIssued.Add(1);
        m.XdsAuthenticationFailures.Add(1, new KeyValuePair<string, object?>("outcome", "refused"));
        m.SecretsDenied.Add(1, new KeyValuePair<string, object?>("reason", "identity"));
        m.SecretsIssued.Add(1);
        m.ObserveXdsCache(() => 3, () => 1, () => 5, () => 2);
        // ProcessHealth's gauge, created outside IstiodMetrics on the same meter.
        m.Meter.CreateObservableGauge("istiod_unhealthy", () => 0, description: "1 while the process is unhealthy.");
    }

    [GeneratedRegex("^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) ([a-z]+)$", RegexOptions.Multiline)]
    private static partial Regex TypeLine();
}
