using System.Diagnostics.Metrics;

namespace Istiod.Net.Diagnostics;

/// <summary>
/// Every instrument the control plane reports, on one <see cref="Meter"/>; /metrics renders them in the
/// Prometheus text format. Names follow istiod's where one exists (pilot_xds_pushes, pilot_total_xds_rejects).
/// </summary>
public sealed class IstiodMetrics : IDisposable
{
    public const string MeterName = "Istiod.Net";

    public IstiodMetrics(IMeterFactory? factory = null)
    {
        Meter = factory?.Create(MeterName) ?? new Meter(MeterName);
        ConnectedProxies = Meter.CreateUpDownCounter<long>("pilot_xds", description: "Connected xDS clients.");
        Pushes = Meter.CreateCounter<long>("pilot_xds_pushes", description: "xDS responses sent, by type.");
        // istiod's three latency histograms, with its bucket boundaries (pilot/pkg/xds/monitoring.go), so its
        // dashboards and alerts read ours unchanged.
        PushTime = Meter.CreateHistogram(
            "pilot_xds_push_time", "s", "Seconds to generate and send one response of one type to one proxy, by type.", advice: Buckets(PushTimeBuckets));
        ProxyConvergenceTime = Meter.CreateHistogram(
            "pilot_proxy_convergence_time", "s", "Seconds from the change that triggered a push (debounce start) until a proxy was sent what it changed.", advice: Buckets(ProxyBuckets));
        ProxyQueueTime = Meter.CreateHistogram(
            "pilot_proxy_queue_time", "s", "Seconds a push waited for a proxy's stream to take it.", advice: Buckets(ProxyBuckets));
        Rejects = Meter.CreateCounter<long>("pilot_total_xds_rejects", description: "NACKs received from proxies, by type (the first NACK of each response).");
        RepeatedNacks = Meter.CreateCounter<long>("istiod_xds_repeated_nacks", description: "NACKs of a response the proxy had already NACKed, by type; logged at debug only.");
        ConfigErrors = Meter.CreateUpDownCounter<long>("istiod_config_rejected_documents", description: "Config documents currently rejected.");
        ConfigChanges = Meter.CreateCounter<long>("istiod_config_changes", description: "Accepted config changes.");
        PushTriggers = Meter.CreateCounter<long>("pilot_push_triggers", description: "Debounced push requests, by reason.");
        InvalidResources = Meter.CreateCounter<long>("istiod_xds_invalid_resources", description: "Generated resources withheld because they failed checks.");
        RejectedResources = Meter.CreateCounter<long>("istiod_xds_rejected_resources", description: "Generated resources not served because they break the validate.rules Envoy enforces, by type.");
        CsrRequests = Meter.CreateCounter<long>("citadel_server_csr_count", description: "CA API certificate requests received.");
        CaAuthenticationFailures = Meter.CreateCounter<long>("citadel_server_authentication_failure_count", description: "CA API requests refused for authentication.");
        CsrRejections = Meter.CreateCounter<long>("citadel_server_csr_parsing_err_count", description: "CA API requests refused for an invalid CSR.");
        CertificatesIssued = Meter.CreateCounter<long>("citadel_server_success_cert_issuance_count", description: "Certificates issued through the CA API.");
        XdsAuthenticationFailures = Meter.CreateCounter<long>("istiod_xds_authentication_failures", description: "xDS streams whose credential was refused or could not be checked, by outcome.");
        SecretsDenied = Meter.CreateCounter<long>("istiod_sds_secrets_denied", description: "SDS secrets withheld from a proxy, by reason.");
        SecretsIssued = Meter.CreateCounter<long>("istiod_sds_workload_certificates_issued", description: "Workload keys and certificates the control plane generated for SDS.");
        // Process gauges under their usual Prometheus names; the load tool reads the resident memory from here.
        Meter.CreateObservableGauge("process_resident_memory_bytes", () => Environment.WorkingSet, "By", "Resident memory of the process.");
        Meter.CreateObservableCounter("process_cpu_seconds_total", () => System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds, "s", "CPU time used by the process.");
        Meter.CreateObservableGauge("dotnet_gc_heap_bytes", () => GC.GetTotalMemory(false), "By", "Managed heap in use.");
    }

    /// <summary>istiod's buckets for pilot_xds_push_time.</summary>
    public static readonly double[] PushTimeBuckets = [.01, .1, 1, 3, 5, 10, 20, 30];

    /// <summary>istiod's buckets for pilot_proxy_convergence_time and pilot_proxy_queue_time.</summary>
    public static readonly double[] ProxyBuckets = [.1, .5, 1, 3, 5, 10, 20, 30];

    public Meter Meter { get; }
    public UpDownCounter<long> ConnectedProxies { get; }
    public Counter<long> Pushes { get; }
    public Histogram<double> PushTime { get; }
    public Histogram<double> ProxyConvergenceTime { get; }
    public Histogram<double> ProxyQueueTime { get; }
    public Counter<long> Rejects { get; }
    public Counter<long> RepeatedNacks { get; }
    public UpDownCounter<long> ConfigErrors { get; }
    public Counter<long> ConfigChanges { get; }
    public Counter<long> PushTriggers { get; }
    public Counter<long> InvalidResources { get; }
    public Counter<long> RejectedResources { get; }
    public Counter<long> CsrRequests { get; }
    public Counter<long> CaAuthenticationFailures { get; }
    public Counter<long> CsrRejections { get; }
    public Counter<long> CertificatesIssued { get; }
    public Counter<long> XdsAuthenticationFailures { get; }
    public Counter<long> SecretsDenied { get; }
    public Counter<long> SecretsIssued { get; }

    /// <summary>
    /// Reports the xDS cache: its size (pilot_xds_cache_size), entries evicted because it was full
    /// (pilot_xds_cache_evictions) and lookups by outcome (pilot_xds_cache_reads{type="hit"|"miss"}).
    /// </summary>
    public void ObserveXdsCache(Func<int> size, Func<long> evictions, Func<long> hits, Func<long> misses)
    {
        Meter.CreateObservableGauge("pilot_xds_cache_size", size, description: "Entries in the xDS resource cache.");
        Meter.CreateObservableCounter("pilot_xds_cache_evictions", evictions, description: "xDS cache entries evicted because the cache was full (--xds-cache-size).");
        Meter.CreateObservableCounter(
            "pilot_xds_cache_reads",
            () => new[]
            {
                new Measurement<long>(hits(), new KeyValuePair<string, object?>("type", "hit")),
                new Measurement<long>(misses(), new KeyValuePair<string, object?>("type", "miss")),
            },
            description: "xDS cache lookups, by outcome.");
    }

    public void Dispose() => Meter.Dispose();

    private static InstrumentAdvice<double> Buckets(double[] bounds) => new() { HistogramBucketBoundaries = bounds };
}
