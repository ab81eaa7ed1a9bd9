using Istiod.Net.Diagnostics;
using Istiod.Net.MetricsBench.Baseline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;

namespace Istiod.Net.MetricsBench;

/// <summary>The two exporters, each behind /metrics of an in-process test server, reading one meter each.</summary>
internal static class ExporterHosts
{
    /// <summary>Ours, mapped the way MonitoringEndpoints maps it.</summary>
    public static async Task<(WebApplication App, HttpClient Client, IDisposable Exporter)> OursAsync(string meterName)
    {
        var exporter = new PrometheusExporter(meterName);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseTestServer();
        var app = builder.Build();
        app.MapGet("/metrics", () => Results.Text(exporter.Render(), PrometheusExporter.ContentType));
        await app.StartAsync();
        return (app, app.GetTestClient(), exporter);
    }

    /// <summary>
    /// OpenTelemetry's, with the response cache off (else repeated scrapes measure the cache). <paramref name="sameNames"/>
    /// sets the four options that keep names as they are: no unit or _total suffixes, no scope labels, no target_info.
    /// </summary>
    public static async Task<(WebApplication App, HttpClient Client, IDisposable Exporter)> OpenTelemetryAsync(string meterName, bool sameNames, int cardinalityLimit = 2000)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseTestServer();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(meterName)
            .AddView(_ => new MetricStreamConfiguration { CardinalityLimit = cardinalityLimit })
            .AddPrometheusExporter(o =>
            {
                o.ScrapeResponseCacheDurationMilliseconds = 0;
                if (sameNames)
                {
                    o.TranslationStrategy = PrometheusAspNetCoreTranslationStrategy.UnderscoreEscapingWithoutSuffixes;
                    o.DisableTotalNameSuffixForCounters = true;
                    o.ScopeInfoEnabled = false;
                    o.TargetInfoEnabled = false;
                }
            }));
        var app = builder.Build();
        app.UseOpenTelemetryPrometheusScrapingEndpoint();
        await app.StartAsync();
        return (app, app.GetTestClient(), app);
    }
}
