using System.Diagnostics.Metrics;
using Istiod.Net.Tests.Infrastructure;

namespace Istiod.Net.Tests.Diagnostics;

/// <summary>
/// The exposition /metrics serves through OpenTelemetry's exporter with our options: names exactly as the
/// instruments name them (no unit or _total suffix), Prometheus types, escaped label values, cumulative
/// histogram buckets at the advised bounds, and observable gauges at their current value.
/// </summary>
public sealed class MetricsExportTests
{
    [Test]
    public async Task Counters_sum_per_label_set_keep_their_name_and_escape_label_values()
    {
        var meterName = $"test.{Guid.NewGuid():N}";
        await using var scrape = await MetricsScrape.StartAsync(meterName);
        using var meter = new Meter(meterName);
        var pushes = meter.CreateCounter<long>("pushes", description: "pushes sent");
        pushes.Add(2, new KeyValuePair<string, object?>("type", "CDS"));
        pushes.Add(3, new KeyValuePair<string, object?>("type", "CDS"));
        pushes.Add(1, new KeyValuePair<string, object?>("type", "E\"DS"));

        var text = await scrape.RenderAsync();

        Assert.That(text, Does.Contain("# TYPE pushes counter\n"));
        Assert.That(text, Does.Contain("# HELP pushes pushes sent\n"));
        Assert.That(text, Does.Contain("pushes{type=\"CDS\"} 5"));
        Assert.That(text, Does.Contain("pushes{type=\"E\\\"DS\"} 1"), "label values are escaped");
        Assert.That(text, Does.Not.Contain("pushes_total"));
        Assert.That(text, Does.Not.Contain("otel_scope"));
        Assert.That(text, Does.Not.Contain("target_info"));
    }

    [Test]
    public async Task Histograms_have_cumulative_buckets_at_the_advised_bounds_and_no_unit_suffix()
    {
        var meterName = $"test.{Guid.NewGuid():N}";
        await using var scrape = await MetricsScrape.StartAsync(meterName);
        using var meter = new Meter(meterName);
        var time = meter.CreateHistogram("push_time", "s", "push time", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.1, 1, 30] });
        time.Record(0.002);
        time.Record(0.2);
        time.Record(100);

        var text = await scrape.RenderAsync();

        Assert.That(text, Does.Contain("# TYPE push_time histogram\n"));
        Assert.That(text, Does.Not.Contain("push_time_seconds"));
        Assert.That(text, Does.Match("push_time_bucket(\\{\\})?\\{?le=\"0.01\"\\}? 1\n"));
        Assert.That(text, Does.Contain("le=\"0.1\"} 1\n"));
        Assert.That(text, Does.Contain("le=\"1\"} 2\n"));
        Assert.That(text, Does.Contain("le=\"30\"} 2\n"));
        Assert.That(text, Does.Contain("le=\"+Inf\"} 3\n"));
        Assert.That(text, Does.Match("push_time_count(\\{\\})? 3\n"));
        Assert.That(text, Does.Match("push_time_sum(\\{\\})? 100.202\n"));
    }

    [Test]
    public async Task Observable_gauges_report_the_current_value_and_up_down_counters_are_gauges()
    {
        var meterName = $"test.{Guid.NewGuid():N}";
        await using var scrape = await MetricsScrape.StartAsync(meterName);
        using var meter = new Meter(meterName);
        var value = 7;
        meter.CreateObservableGauge("queue_depth", () => value);
        var connected = meter.CreateUpDownCounter<long>("connected");
        connected.Add(3);
        connected.Add(-1);

        await scrape.RenderAsync();
        value = 3;
        var text = await scrape.RenderAsync();

        Assert.That(text, Does.Contain("# TYPE queue_depth gauge\n"));
        Assert.That(text, Does.Match("queue_depth(\\{\\})? 3\n"));
        Assert.That(text, Does.Contain("# TYPE connected gauge\n"));
        Assert.That(text, Does.Match("connected(\\{\\})? 2\n"));
    }
}
