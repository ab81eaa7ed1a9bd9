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
        PushTime = Meter.CreateHistogram<double>("pilot_xds_push_time", "s", "Time to generate and send one push to one proxy.");
        Rejects = Meter.CreateCounter<long>("pilot_total_xds_rejects", description: "NACKs received from proxies, by type.");
        ConfigErrors = Meter.CreateUpDownCounter<long>("istiod_config_rejected_documents", description: "Config documents currently rejected.");
        ConfigChanges = Meter.CreateCounter<long>("istiod_config_changes", description: "Accepted config changes.");
        PushTriggers = Meter.CreateCounter<long>("pilot_push_triggers", description: "Debounced push requests, by reason.");
        InvalidResources = Meter.CreateCounter<long>("istiod_xds_invalid_resources", description: "Generated resources withheld because they failed checks.");
        RejectedResources = Meter.CreateCounter<long>("istiod_xds_rejected_resources", description: "Generated resources not served because they break the validate.rules Envoy enforces, by type.");
        CsrRequests = Meter.CreateCounter<long>("citadel_server_csr_count", description: "CA API certificate requests received.");
        CaAuthenticationFailures = Meter.CreateCounter<long>("citadel_server_authentication_failure_count", description: "CA API requests refused for authentication.");
        CsrRejections = Meter.CreateCounter<long>("citadel_server_csr_parsing_err_count", description: "CA API requests refused for an invalid CSR.");
        CertificatesIssued = Meter.CreateCounter<long>("citadel_server_success_cert_issuance_count", description: "Certificates issued through the CA API.");
        // Process gauges under their usual Prometheus names; the load tool reads the resident memory from here.
        Meter.CreateObservableGauge("process_resident_memory_bytes", () => Environment.WorkingSet, "By", "Resident memory of the process.");
        Meter.CreateObservableCounter("process_cpu_seconds_total", () => System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds, "s", "CPU time used by the process.");
        Meter.CreateObservableGauge("dotnet_gc_heap_bytes", () => GC.GetTotalMemory(false), "By", "Managed heap in use.");
    }

    public Meter Meter { get; }
    public UpDownCounter<long> ConnectedProxies { get; }
    public Counter<long> Pushes { get; }
    public Histogram<double> PushTime { get; }
    public Counter<long> Rejects { get; }
    public UpDownCounter<long> ConfigErrors { get; }
    public Counter<long> ConfigChanges { get; }
    public Counter<long> PushTriggers { get; }
    public Counter<long> InvalidResources { get; }
    public Counter<long> RejectedResources { get; }
    public Counter<long> CsrRequests { get; }
    public Counter<long> CaAuthenticationFailures { get; }
    public Counter<long> CsrRejections { get; }
    public Counter<long> CertificatesIssued { get; }

    public void Dispose() => Meter.Dispose();
}
