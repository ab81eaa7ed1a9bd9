using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;

namespace Istiod.Net.Diagnostics;

/// <summary>
/// /metrics through OpenTelemetry's Prometheus exporter, set to serve the names istiod and our dashboards
/// use: no unit suffix (pilot_xds_push_time, not _seconds), no _total appended to counters, no scope labels
/// and no target_info. Measured against the exporter it replaced in docs/DESIGN.md ("Metrics export").
/// </summary>
public static class MetricsExport
{
    /// <summary>
    /// Series per instrument before OpenTelemetry folds the rest into one overflow series. Our labels are
    /// types, reasons and outcomes (tens of values); the bound only guards against a label gone wild.
    /// </summary>
    public const int CardinalityLimit = 10_000;

    public static IServiceCollection AddIstiodMetricsExport(this IServiceCollection services, string meterName = IstiodMetrics.MeterName)
    {
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(meterName)
            .AddView(_ => new MetricStreamConfiguration { CardinalityLimit = CardinalityLimit })
            .AddPrometheusExporter(o =>
            {
                o.TranslationStrategy = PrometheusAspNetCoreTranslationStrategy.UnderscoreEscapingWithoutSuffixes;
                o.DisableTotalNameSuffixForCounters = true;
                o.ScopeInfoEnabled = false;
                o.TargetInfoEnabled = false;
                // Every scrape reads the instruments now: a probe right after an event must see it, and a
                // scrape at 10k series costs a few milliseconds (docs/DESIGN.md).
                o.ScrapeResponseCacheDurationMilliseconds = 0;
            }));
        return services;
    }
}
