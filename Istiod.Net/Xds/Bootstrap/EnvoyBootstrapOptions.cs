namespace Istiod.Net.Xds.Bootstrap;

/// <summary>
/// Everything an Envoy bootstrap for this control plane depends on. The injection webhook and the
/// <c>bootstrap</c> command fill it from a pod or from flags; <see cref="EnvoyBootstrapBuilder"/> turns it into
/// the message.
/// </summary>
public sealed record EnvoyBootstrapOptions
{
    public const int PlaintextDiscoveryPort = 15010;
    public const int SecureDiscoveryPort = 15012;
    public const string DefaultRootCertPath = "/var/run/secrets/istio/root-cert.pem";
    public const string DefaultTokenPath = "/var/run/secrets/tokens/istio-token";
    public const int DefaultHealthPort = 15021;

    public BootstrapProxyType Type { get; init; } = BootstrapProxyType.Sidecar;

    /// <summary>The pod (or VM) name: the workload part of the node id and metadata NAME.</summary>
    public required string PodName { get; init; }

    public string Namespace { get; init; } = "default";

    /// <summary>The workload's address, first in the node id; further ones go to INSTANCE_IPS too.</summary>
    public required IReadOnlyList<string> IpAddresses { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public string ServiceAccount { get; init; } = "default";

    /// <summary>host:port of the control plane's xDS server. Null: <c>istiod.istio-system.svc</c> on 15010, or 15012 when <see cref="Secure"/>.</summary>
    public string? DiscoveryAddress { get; init; }

    /// <summary>TLS to the secure port with a bearer token, instead of plaintext.</summary>
    public bool Secure { get; init; }

    /// <summary>PEM file of the mesh root the control plane's serving certificate chains to (secure only).</summary>
    public string RootCertPath { get; init; } = DefaultRootCertPath;

    /// <summary>File holding the bearer token (a service-account token with audience istio-ca), read for every new stream (secure only).</summary>
    public string TokenPath { get; init; } = DefaultTokenPath;

    /// <summary>The name the control plane's certificate carries, when the discovery address is not it (an IP, a port-forward).</summary>
    public string? TlsServerName { get; init; }

    public string ClusterId { get; init; } = "Kubernetes";

    public string DnsDomain { get; init; } = "cluster.local";

    public string TrustDomain { get; init; } = "cluster.local";

    public required string IstioVersion { get; init; }

    /// <summary>
    /// Metadata INTERCEPTION_MODE: REDIRECT when iptables captures the workload's traffic (injection's
    /// istio-init), TPROXY, or NONE when nothing does and the application talks to listeners the proxy binds
    /// itself. Text, as the metadata carries it: bootstrap does not depend on generation.
    /// </summary>
    public string InterceptionMode { get; init; } = "REDIRECT";

    public int AdminPort { get; init; } = 15000;

    public int PrometheusPort { get; init; } = 15090;

    /// <summary>
    /// Port of the readiness listener (<c>/healthz/ready</c>, as Istio's agent serves it): the injected
    /// readinessProbe and load balancers probe it. 15021 unless several Envoys share one host.
    /// </summary>
    public int HealthPort { get; init; } = DefaultHealthPort;

    public string ResolvedDiscoveryAddress =>
        DiscoveryAddress ?? $"istiod.istio-system.svc:{(Secure ? SecureDiscoveryPort : PlaintextDiscoveryPort)}";
}
