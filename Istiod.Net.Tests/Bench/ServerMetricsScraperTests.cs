using Istiod.Net.Load.Running;

namespace Istiod.Net.Tests.Bench;

public sealed class ServerMetricsScraperTests
{
    [Test]
    public void Reads_gauges_and_sums_labelled_series()
    {
        const string text = """
            # HELP process_resident_memory_bytes Resident memory of the process.
            # TYPE process_resident_memory_bytes gauge
            process_resident_memory_bytes 123456789
            dotnet_gc_heap_bytes 4.5e7
            pilot_xds_pushes{type="lds"} 10
            pilot_xds_pushes{type="rds"} 32
            pilot_xds_push_time_bucket{le="0.1"} 7
            """;

        var metrics = ServerMetricsScraper.Parse(text);

        Assert.Multiple(() =>
        {
            Assert.That(metrics.ResidentMemoryBytes, Is.EqualTo(123456789d));
            Assert.That(metrics.GcHeapBytes, Is.EqualTo(4.5e7));
            Assert.That(metrics.Pushes, Is.EqualTo(42d));
            Assert.That(metrics.Rejects, Is.Null, "absent series stay unknown");
        });
    }
}
