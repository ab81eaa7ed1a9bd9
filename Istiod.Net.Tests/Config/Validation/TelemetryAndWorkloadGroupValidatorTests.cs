namespace Istiod.Net.Tests.Config.Validation;

/// <summary>Telemetry and WorkloadGroup rules, valid and invalid cases of our own.</summary>
public sealed class TelemetryAndWorkloadGroupValidatorTests
{
    private const string Telemetry = "telemetry.istio.io/v1";
    private const string Networking = "networking.istio.io/v1";

    [Test]
    public void Telemetry_with_metrics_logging_and_tracing_is_valid() => PolicyTestKit.AssertValid(Telemetry, "Telemetry", """
        metrics:
        - providers: [{name: prometheus}]
          reportingInterval: 10s
          overrides:
          - match: {metric: REQUEST_COUNT, mode: CLIENT}
            tagOverrides:
              request_host: {value: request.host}
              response_code: {operation: REMOVE}
        accessLogging:
        - providers: [{name: envoy}]
          filter: {expression: "response.code >= 400"}
        tracing:
        - randomSamplingPercentage: 10.5
          customTags:
            env: {environment: {name: POD_NAME}}
        """);

    [Test]
    public void Tag_override_value_follows_its_operation()
    {
        PolicyTestKit.AssertError(Telemetry, "Telemetry", "metrics:\n- overrides:\n  - tagOverrides:\n      a: {operation: UPSERT}",
            "spec.metrics[0].overrides[0].tagOverrides[a].value", "must be set");
        PolicyTestKit.AssertError(Telemetry, "Telemetry", "metrics:\n- overrides:\n  - tagOverrides:\n      a: {operation: REMOVE, value: x}",
            "spec.metrics[0].overrides[0].tagOverrides[a].value", "must not be set");
    }

    [Test]
    public void Telemetry_names_and_percentages_are_checked()
    {
        PolicyTestKit.AssertError(Telemetry, "Telemetry", "metrics:\n- providers: [{name: \"\"}]", "spec.metrics[0].providers[0].name", "at least 1");
        PolicyTestKit.AssertError(Telemetry, "Telemetry", "metrics:\n- overrides:\n  - match: {metric: BYTES_EVERYWHERE}", "spec.metrics[0].overrides[0].match.metric", "Unsupported");
        PolicyTestKit.AssertError(Telemetry, "Telemetry", "tracing:\n- randomSamplingPercentage: 101", "spec.tracing[0].randomSamplingPercentage", "0..100");
    }

    [Test]
    public void Workload_group_with_probe_is_valid() => PolicyTestKit.AssertValid(Networking, "WorkloadGroup", """
        metadata:
          labels: {app: vm}
        template:
          serviceAccount: vm-sa
          ports: {http: 8080}
        probe:
          periodSeconds: 5
          httpGet: {port: 8080, path: /ready, httpHeaders: [{name: x-probe, value: "1"}]}
        """);

    [Test]
    public void Workload_group_needs_a_template_and_one_valid_probe()
    {
        PolicyTestKit.AssertError(Networking, "WorkloadGroup", "probe:\n  tcpSocket: {port: 80}", "spec.template", "Required");
        PolicyTestKit.AssertError(Networking, "WorkloadGroup", "template: {}\nprobe:\n  tcpSocket: {port: 65536}", "spec.probe.tcpSocket.port", "1-65535");
        PolicyTestKit.AssertError(Networking, "WorkloadGroup", "template: {}\nprobe:\n  tcpSocket: {port: 80}\n  exec: {command: [x]}", "spec.probe", "exactly one");
        PolicyTestKit.AssertError(Networking, "WorkloadGroup", "template: {}\nprobe:\n  httpGet: {port: 80, httpHeaders: [{name: \"**\"}]}", "spec.probe.httpGet.httpHeaders[0].name", "should match");
        PolicyTestKit.AssertError(Networking, "WorkloadGroup", "template: {address: 10.0.0.1}", "spec.template.address", "template");
    }
}
