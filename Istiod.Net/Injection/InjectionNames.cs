namespace Istiod.Net.Injection;

/// <summary>The names injection reads and writes, kept in one place because the webhook, CLI and tests share them.</summary>
public static class InjectionNames
{
    public const string InjectKey = "sidecar.istio.io/inject";
    public const string StatusAnnotation = "sidecar.istio.io/status";
    public const string NamespaceLabel = "istio-injection";
    public const string ProxyContainer = "istio-proxy";
    public const string InitContainer = "istio-init";
    public const string RootCertVolume = "istiod-ca-cert";
    public const string RootCertConfigMap = "istio-ca-root-cert";
    public const string TokenVolume = "istio-token";
    public const string TokenAudience = "istio-ca";
    public const string InterceptionModeAnnotation = "sidecar.istio.io/interceptionMode";
    public const string ExcludeInboundPorts = "traffic.sidecar.istio.io/excludeInboundPorts";
    public const string IncludeInboundPorts = "traffic.sidecar.istio.io/includeInboundPorts";
    public const string ExcludeOutboundPorts = "traffic.sidecar.istio.io/excludeOutboundPorts";
    public const string ExcludeOutboundIpRanges = "traffic.sidecar.istio.io/excludeOutboundIPRanges";
    public const string ReadinessInitialDelayAnnotation = "readiness.status.sidecar.istio.io/initialDelaySeconds";
    public const string ReadinessPeriodAnnotation = "readiness.status.sidecar.istio.io/periodSeconds";
    public const string ReadinessFailureThresholdAnnotation = "readiness.status.sidecar.istio.io/failureThreshold";
    public const long ProxyUid = 1337;
    public const int OutboundCapturePort = 15001;
    public const int InboundCapturePort = 15006;
}
