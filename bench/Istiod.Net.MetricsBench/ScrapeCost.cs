using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Istiod.Net.MetricsBench;

/// <summary>
/// Time and allocations per /metrics scrape at <c>series</c> counter series (and a tenth as many histogram
/// series), through the same in-process test server for both exporters.
/// </summary>
internal static class ScrapeCost
{
    public static async Task RunAsync(TextWriter output, int series, int scrapes)
    {
        output.WriteLine($"## Scrape cost: {series} counter series + {series / 10} histogram series (8 buckets), {scrapes} scrapes after 5 warm-ups");
        output.WriteLine("| exporter | ms per scrape (median) | ms (max) | KiB allocated per scrape | response KiB | series lines |");
        output.WriteLine("| --- | --- | --- | --- | --- | --- |");
        await MeasureAsync(output, "ours", series, scrapes, name => ExporterHosts.OursAsync(name));
        await MeasureAsync(output, "OpenTelemetry (four options)", series, scrapes, name => ExporterHosts.OpenTelemetryAsync(name, sameNames: true, cardinalityLimit: series * 2));
        await MeasureAsync(output, "OpenTelemetry (default cardinality limit 2000)", series, scrapes, name => ExporterHosts.OpenTelemetryAsync(name, sameNames: true));
        output.WriteLine();
    }

    private static async Task MeasureAsync(
        TextWriter output,
        string label,
        int series,
        int scrapes,
        Func<string, Task<(Microsoft.AspNetCore.Builder.WebApplication App, HttpClient Client, IDisposable Exporter)>> host)
    {
        var meterName = "bench." + Guid.NewGuid().ToString("N");
        var (app, client, exporter) = await host(meterName);
        using var meter = new Meter(meterName);
        var pushes = meter.CreateCounter<long>("pilot_xds_pushes", description: "xDS responses sent, by type.");
        var time = meter.CreateHistogram("pilot_xds_push_time", "s", "push time", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [.01, .1, 1, 3, 5, 10, 20, 30] });
        string[] types = ["CDS", "EDS", "LDS", "RDS", "SDS"];
        for (var i = 0; i < series; i++)
        {
            pushes.Add(1, new KeyValuePair<string, object?>("type", types[i % types.Length]), new KeyValuePair<string, object?>("proxy", $"sidecar~10.0.{i / 250}.{i % 250}~pod-{i}.ns-{i % 50}~ns-{i % 50}.svc.cluster.local"));
        }

        for (var i = 0; i < series / 10; i++)
        {
            time.Record(0.05 * (i % 7), new KeyValuePair<string, object?>("type", types[i % types.Length]), new KeyValuePair<string, object?>("proxy", $"p{i}"));
        }

        string body = "";
        for (var i = 0; i < 5; i++)
        {
            body = await client.GetStringAsync("/metrics");
        }

        var times = new List<double>(scrapes);
        GC.Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < scrapes; i++)
        {
            var started = Stopwatch.GetTimestamp();
            body = await client.GetStringAsync("/metrics");
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        var allocated = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / scrapes;
        times.Sort();
        var lines = body.Split('\n').Count(l => l.Length > 0 && l[0] != '#');
        output.WriteLine($"| {label} | {times[times.Count / 2]:0.0} | {times[^1]:0.0} | {allocated / 1024.0:0} | {body.Length / 1024.0:0} | {lines} |");
        await app.StopAsync();
        exporter.Dispose();
        await app.DisposeAsync();
    }
}
