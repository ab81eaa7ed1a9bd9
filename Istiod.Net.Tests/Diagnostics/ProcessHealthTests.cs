using System.Net;
using Google.Protobuf;
using Istiod.Net.Diagnostics;
using Istiod.Net.Hosting;
using Istiod.Net.Push;
using Istiod.Net.Config.Store;
using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Tests.Xds.Protocol;
using Istiod.Net.Xds.Cache;
using Istiod.Net.Xds.Generation;
using Istiod.Net.Xds.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Istiod.Net.Tests.Diagnostics;

/// <summary>
/// /ready and istiod_unhealthy on a real socket: an out-of-memory failure in generation (issue 13, finding 3:
/// proxies got 0 clusters while /ready said 200) and memory pressure turn the replica unhealthy.
/// </summary>
public sealed class ProcessHealthTests
{
    private IstiodMetrics _metrics = null!;
    private ProcessHealth _health = null!;
    private (long Heap, long Available) _memory = (10, 100);
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    [SetUp]
    public async Task SetUp()
    {
        _metrics = new IstiodMetrics();
        _health = new ProcessHealth(_metrics, memory: () => _memory);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSingleton(new ReadinessGate());
        builder.Services.AddSingleton(_health);
        builder.Services.AddIstiodMetricsExport();
        builder.Services.AddSingleton<IConfigStore>(new FakeConfigStore());
        _app = builder.Build();
        _app.Services.GetRequiredService<OpenTelemetry.Metrics.MeterProvider>();
        _app.MapMonitoringEndpoints();
        await _app.StartAsync().DefaultTimeout();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        _http = new HttpClient { BaseAddress = new Uri(address), Timeout = TaskTimeouts.Default };
    }

    [TearDown]
    public async Task TearDown()
    {
        _http.Dispose();
        await _app.StopAsync().DefaultTimeout();
        await _app.DisposeAsync();
        _metrics.Dispose();
    }

    [Test]
    public async Task An_out_of_memory_failure_in_generation_makes_ready_503_and_sets_the_metric_until_restart()
    {
        Assert.That((await _http.GetAsync("/ready")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await MetricAsync(ProcessHealth.OutOfMemory), Is.EqualTo("0"));

        var table = new GeneratorTable([new GeneratorRule("all", _ => true, new GeneratorSet("t", [new OutOfMemoryGenerator()]))]);
        var provider = new XdsResourceProvider(
            table, new XdsResourceCache<Dependency>(), _metrics, NullLogger<XdsResourceProvider>.Instance, health: _health);
        var proxy = provider.Connect(new Envoy.Config.Core.V3.Node { Id = "sidecar~10.0.0.1~a.ns~ns.svc.cluster.local" }, GenerationHarness.Connection());
        Assert.That(provider.Generate(proxy, XdsTypeUrls.Cluster, new HashSet<string> { "outbound|80||a" }).Resources, Is.Empty);

        var ready = await _http.GetAsync("/ready");
        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(await ready.Content.ReadAsStringAsync(), Does.Contain("out_of_memory"));
        Assert.That(await MetricAsync(ProcessHealth.OutOfMemory), Is.EqualTo("1"));

        // Sticky: later successful work does not make a replica that ran out of memory trustworthy again.
        Assert.That((await _http.GetAsync("/ready")).StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
    }

    [Test]
    public async Task Memory_pressure_makes_ready_503_while_it_lasts()
    {
        _memory = (95, 100);
        var ready = await _http.GetAsync("/ready");
        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(await ready.Content.ReadAsStringAsync(), Does.Contain("memory_pressure"));
        Assert.That(await MetricAsync(ProcessHealth.MemoryPressure), Is.EqualTo("1"));

        _memory = (50, 100);
        Assert.That((await _http.GetAsync("/ready")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await MetricAsync(ProcessHealth.MemoryPressure), Is.EqualTo("0"));
    }

    private async Task<string?> MetricAsync(string reason)
    {
        var text = await _http.GetStringAsync("/metrics");
        var prefix = $"istiod_unhealthy{{reason=\"{reason}\"}} ";
        return text.Split('\n').FirstOrDefault(line => line.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..];
    }

    private sealed class OutOfMemoryGenerator : IXdsGenerator
    {
        public string TypeUrl => XdsTypeUrls.Cluster;

        public IReadOnlySet<DependencyKind> Reads { get; } = new HashSet<DependencyKind>();

        public IEnumerable<string> ListNames(GenerationContext context, DependencyRecorder read) => [];

        public IMessage? Generate(GenerationContext context, string name, DependencyRecorder read) =>
            throw new OutOfMemoryException("heap hard limit reached (test)");
    }
}
