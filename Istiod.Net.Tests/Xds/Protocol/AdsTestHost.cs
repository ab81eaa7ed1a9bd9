using Istiod.Net.Diagnostics;
using Istiod.Net.Xds.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Istiod.Net.Tests.Xds.Protocol;

/// <summary>One ADS service over a test provider, with its registry and metrics, as a process would hold them.</summary>
internal sealed class AdsTestHost : IDisposable
{
    private int _streams;

    /// <param name="logger">Where the service logs; nowhere by default.</param>
    public AdsTestHost(ILogger<AdsService>? logger = null)
    {
        Service = new AdsService(Provider, Registry, Metrics, logger ?? NullLogger<AdsService>.Instance);
        MetricsRecorder = new MetricsRecorder(Metrics);
    }

    public TestXdsProvider Provider { get; } = new();

    public XdsConnectionRegistry Registry { get; } = new();

    public IstiodMetrics Metrics { get; } = new();

    public MetricsRecorder MetricsRecorder { get; }

    public AdsService Service { get; }

    public SotwTestClient Sotw(string nodeId = SotwTestClient.DefaultNode) =>
        new(Service, nodeId, $"test-connection-{Interlocked.Increment(ref _streams)}");

    public DeltaTestClient Delta(string nodeId = SotwTestClient.DefaultNode) =>
        new(Service, nodeId, $"test-connection-{Interlocked.Increment(ref _streams)}");

    public void Dispose()
    {
        Service.Dispose();
        MetricsRecorder.Dispose();
        Metrics.Dispose();
    }
}
