using Istiod.Net.Config.Mesh;

namespace Istiod.Net.Hosting;

/// <summary>Everything <c>istiod-net serve</c> is told on its command line.</summary>
public sealed record ServeOptions
{
    /// <summary>Folder of Istio YAML to load and watch; null when config comes only from Kubernetes.</summary>
    public string? ConfigDir { get; init; }

    public string Bind { get; init; } = "0.0.0.0";

    /// <summary>xDS over plaintext HTTP/2 (Istio's 15010).</summary>
    public int XdsPort { get; init; } = 15010;

    /// <summary>xDS and the CA API over TLS (Istio's 15012).</summary>
    public int SecurePort { get; init; } = 15012;

    /// <summary>/ready, /metrics and /debug/* over HTTP/1.1 (Istio's 15014).</summary>
    public int MonitoringPort { get; init; } = 15014;

    /// <summary>The validating admission webhook over TLS (Istio's 15017; the Service maps 443 to it).</summary>
    public int WebhookPort { get; init; } = 15017;

    /// <summary>The JWKS cache behind RequestAuthentication jwksUris: refresh interval, fetch timeout, bounds.</summary>
    public Security.RequestAuthn.JwksResolverOptions Jwks { get; init; } = new();

    /// <summary>How often the JWKS refresher checks for due refreshes when no config change wakes it.</summary>
    public Security.RequestAuthn.JwksRefresherOptions JwksRefresh { get; init; } = new();

    public TimeSpan DebounceAfter { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan DebounceMax { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Namespace given to documents that name none.</summary>
    public string DefaultNamespace { get; init; } = "default";

    /// <summary>SPIFFE trust domain of workload identities.</summary>
    public string TrustDomain { get; init; } = "cluster.local";

    /// <summary>Folder holding the self-signed root (created on first start); null keeps it in memory.</summary>
    public string? CaDir { get; init; }

    /// <summary>A plugged-in CA in Istio's cacerts layout; takes precedence over <see cref="CaDir"/>.</summary>
    public string? CacertsDir { get; init; }

    /// <summary>When the self-signed root is rotated (never a cacerts CA): the leader in a cluster, this process otherwise.</summary>
    public Security.Ca.SelfSignedRootRotatorOptions RootRotation { get; init; } = new();

    /// <summary>File mode's stand-in for TokenReview: tokens and the identities they stand for.</summary>
    public string? TokenFile { get; init; }

    /// <summary>Namespace the control plane runs in: its serving certificate names istiod.&lt;ns&gt;.svc.</summary>
    public string Namespace { get; init; } = "istio-system";

    /// <summary>Kubeconfig file of the cluster to watch; null unless given.</summary>
    public string? Kubeconfig { get; init; }

    /// <summary>Watch the cluster this pod runs in, through its service account.</summary>
    public bool InCluster { get; init; }

    /// <summary>True when a cluster is configured: the cluster config source, registry and leader work run.</summary>
    public bool HasCluster => InCluster || Kubeconfig is not null;

    /// <summary>This replica's name (the pod name): its identity in the leader Lease.</summary>
    public string PodName { get; init; } = Environment.MachineName;

    /// <summary>Control plane revision ("default" when none): names the mesh ConfigMap and the Lease.</summary>
    public string Revision { get; init; } = "default";

    /// <summary>Name of the cluster in multi-cluster setups.</summary>
    public string ClusterId { get; init; } = "Kubernetes";

    /// <summary>The Lease replicas compete for.</summary>
    public string LeaseName { get; init; } = "istiod-net-leader";

    /// <summary>Our ValidatingWebhookConfiguration, whose caBundle and failurePolicy the leader keeps right.</summary>
    public string? ValidatingWebhookConfiguration { get; init; }

    /// <summary>Our MutatingWebhookConfiguration, whose caBundle the leader keeps right.</summary>
    public string? MutatingWebhookConfiguration { get; init; }

    /// <summary>The mesh config ConfigMap: "istio", or "istio-&lt;revision&gt;".</summary>
    public string MeshConfigMap => Revision is "" or "default" ? "istio" : $"istio-{Revision}";

    /// <summary>The mesh config file given with <c>--mesh-config</c>, if any (already read into <see cref="Mesh"/>).</summary>
    public string? MeshConfigFile { get; init; }

    /// <summary>Mesh-wide settings: the <c>--mesh-config</c> file, or Istio's defaults.</summary>
    public MeshConfig Mesh { get; init; } = MeshConfig.Default;

    public string LogLevel { get; init; } = "info";

    /// <summary><c>text</c> for people, <c>json</c> for log pipelines.</summary>
    public string LogFormat { get; init; } = "text";

    /// <summary>
    /// Most entries the xDS resource cache holds (<c>--xds-cache-size</c>); past it the least recently used
    /// are evicted (pilot_xds_cache_evictions). istiod's default.
    /// </summary>
    public int XdsCacheSize { get; init; } = Xds.Cache.XdsResourceCache<Push.Dependency>.DefaultCapacity;

    /// <summary>Largest message a client may send us.</summary>
    public int MaxReceiveMessageSize { get; init; } = 4 * 1024 * 1024;

    /// <summary>Largest message we send; xDS responses for a big mesh exceed the receive limit by far.</summary>
    public int MaxSendMessageSize { get; init; } = 256 * 1024 * 1024;

    /// <summary>
    /// Development only: streams on the plaintext port get SDS secrets for the identity their node metadata
    /// claims (unauthenticated). Logged as a warning at start.
    /// </summary>
    public bool DevInsecureSdsOnPlaintext { get; init; }

    /// <summary>
    /// Connections on the xDS ports are closed (GOAWAY, then their streams end with UNAVAILABLE) at this age, as
    /// Istio's MaxServerConnectionAge: proxies reconnect and authenticate again. <c>--max-connection-age</c>.
    /// </summary>
    public TimeSpan MaxConnectionAge { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Lifetime of workload certificates (SDS, CA API default); null keeps the CA's default of 24 h.</summary>
    public TimeSpan? WorkloadCertificateTtl { get; init; }

    /// <summary>Gateway credentials in file mode: &lt;dir&gt;/&lt;namespace&gt;/&lt;credentialName&gt;/{tls.crt,tls.key,ca.crt}.</summary>
    public string? CredentialsDir { get; init; }

    /// <summary>The image injected pods run istio-init in: it must already hold <c>sh</c> and <c>iptables</c>.</summary>
    public string InitImage { get; init; } = Injection.SidecarInjectionOptions.DefaultInitImage;

    /// <summary>
    /// File mode: the service accounts (namespace, name) that may read the gateway credentials of their own
    /// namespace (<c>--gateway-service-accounts ns/sa,…</c>). In a cluster a SubjectAccessReview decides instead.
    /// </summary>
    public IReadOnlyList<(string Namespace, string ServiceAccount)> GatewayServiceAccounts { get; init; } = [];
}
