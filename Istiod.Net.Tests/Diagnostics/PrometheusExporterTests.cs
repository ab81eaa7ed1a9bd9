using System.Diagnostics.Metrics;
using Istiod.Net.Diagnostics;

namespace Istiod.Net.Tests.Diagnostics;

public sealed class PrometheusExporterTests
{
    [Test]
    public void Counters_sum_per_label_set_and_render_in_text_format()
    {
        var meterName = $"test.{Guid.NewGuid():N}";
        using var exporter = new PrometheusExporter(meterName);
        using var meter = new Meter(meterName);
        var pushes = meter.CreateCounter<long>("pushes", description: "pushes sent");
        pushes.Add(2, new KeyValuePair<string, object?>("type", "CDS"));
        pushes.Add(3, new KeyValuePair<string, object?>("type", "CDS"));
        pushes.Add(1, new KeyValuePair<string, object?>("type", "E\"DS"));

        var text = exporter.Render();

        Assert.That(text, Does.Contain("# TYPE pushes counter\n"));
        Assert.That(text, Does.Contain("# HELP pushes pushes sent\n"));
        Assert.That(text, Does.Contain("pushes{type=\"CDS\"} 5\n"));
        Assert.That(text, Does.Contain("pushes{type=\"E\\\"DS\"} 1\n"), "label values are escaped");
    }

    [Test]
    public void Histograms_have_cumulative_buckets_sum_and_count()
    {
        var meterName = $"test.{Guid.NewGuid():N}";
        using var exporter = new PrometheusExporter(meterName);
        using var meter = new Meter(meterName);
        var time = meter.CreateHistogram<double>("push_time");
        time.Record(0.002);
        time.Record(0.2);
        time.Record(100);

        var text = exporter.Render();

        Assert.That(text, Does.Contain("# TYPE push_time histogram\n"));
        Assert.That(text, Does.Contain("push_time_bucket{le=\"0.001\"} 0\n"));
        Assert.That(text, Does.Contain("push_time_bucket{le=\"0.005\"} 1\n"));
        Assert.That(text, Does.Contain("push_time_bucket{le=\"0.25\"} 2\n"));
        Assert.That(text, Does.Contain("push_time_bucket{le=\"30\"} 2\n"));
        Assert.That(text, Does.Contain("push_time_bucket{le=\"+Inf\"} 3\n"));
        Assert.That(text, Does.Contain("push_time_count 3\n"));
        Assert.That(text, Does.Contain("push_time_sum 100.202\n"));
    }

    [Test]
    public void Observable_gauges_report_the_current_value_not_a_running_sum()
    {
        var meterName = $"test.{Guid.NewGuid():N}";
        using var exporter = new PrometheusExporter(meterName);
        using var meter = new Meter(meterName);
        var value = 7;
        meter.CreateObservableGauge("queue_depth", () => value);

        exporter.Render();
        value = 3;
        var text = exporter.Render();

        Assert.That(text, Does.Contain("# TYPE queue_depth gauge\n"));
        Assert.That(text, Does.Contain("queue_depth 3\n"));
    }
}
