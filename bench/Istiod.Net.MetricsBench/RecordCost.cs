using System.Diagnostics;
using System.Diagnostics.Metrics;
using Istiod.Net.Diagnostics;
using Istiod.Net.MetricsBench.Baseline;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Istiod.Net.MetricsBench;

/// <summary>
/// What one Counter.Add with one tag costs on the hot path (a push) while each exporter listens: both read
/// System.Diagnostics.Metrics through a MeterListener, but aggregate differently.
/// </summary>
internal static class RecordCost
{
    public static void Run(TextWriter output, int measurements)
    {
        output.WriteLine($"## Recording cost: {measurements} Counter<long>.Add calls with one tag (type=LDS), one thread");
        output.WriteLine("| listener | ns per Add | bytes allocated per Add |");
        output.WriteLine("| --- | --- | --- |");
        Measure(output, "ours (PrometheusExporter)", measurements, name => new PrometheusExporter(name));
        Measure(output, "OpenTelemetry MeterProvider", measurements, name => Sdk.CreateMeterProviderBuilder().AddMeter(name).AddPrometheusExporter().Build());
        output.WriteLine();
    }

    private static void Measure(TextWriter output, string label, int measurements, Func<string, IDisposable> listen)
    {
        var meterName = "record." + Guid.NewGuid().ToString("N");
        using var listener = listen(meterName);
        using var meter = new Meter(meterName);
        var counter = meter.CreateCounter<long>("pilot_xds_pushes");
        var tag = new KeyValuePair<string, object?>("type", "LDS");
        for (var i = 0; i < 100_000; i++)
        {
            counter.Add(1, tag);
        }

        GC.Collect();
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < measurements; i++)
        {
            counter.Add(1, tag);
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        output.WriteLine($"| {label} | {elapsed.TotalNanoseconds / measurements:0} | {(double)allocated / measurements:0.0} |");
    }
}
