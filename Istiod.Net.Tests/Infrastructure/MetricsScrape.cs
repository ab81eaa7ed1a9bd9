using System.Net;
using Istiod.Net.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;

namespace Istiod.Net.Tests.Infrastructure;

/// <summary>
/// The server's /metrics export (<see cref="MetricsExport"/>) on its own loopback port, for tests whose
/// instruments live outside a full host: it listens from <see cref="StartAsync"/> on, as the host does.
/// </summary>
public sealed class MetricsScrape : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _http;

    private MetricsScrape(WebApplication app, HttpClient http)
    {
        _app = app;
        _http = http;
    }

    public static async Task<MetricsScrape> StartAsync(string meterName = IstiodMetrics.MeterName)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddIstiodMetricsExport(meterName);
        var app = builder.Build();
        app.Services.GetRequiredService<MeterProvider>();
        app.MapPrometheusScrapingEndpoint("/metrics");
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new MetricsScrape(app, new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) });
    }

    /// <summary>One scrape: the Prometheus text /metrics answers now.</summary>
    public Task<string> RenderAsync() => _http.GetStringAsync("/metrics");

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await _app.DisposeAsync();
    }
}
