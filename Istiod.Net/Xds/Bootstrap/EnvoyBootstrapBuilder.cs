using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Google.Protobuf.WellKnownTypes;
using Istiod.Net.Xds.Validation;
using BootstrapMessage = Envoy.Config.Bootstrap.V3.Bootstrap;
using Duration = Google.Protobuf.WellKnownTypes.Duration;
using Endpoint = Envoy.Config.Endpoint.V3.Endpoint;
using Filter = Envoy.Config.Listener.V3.Filter;
using Route = Envoy.Config.Route.V3.Route;
using UpstreamHttpOptions = Envoy.Extensions.Upstreams.Http.V3.HttpProtocolOptions;

namespace Istiod.Net.Xds.Bootstrap;

/// <summary>
/// Builds the bootstrap a stock Envoy starts from: Istio's node id and metadata, listeners and clusters
/// over ADS from this control plane, the admin interface on localhost, a Prometheus listener and a
/// readiness listener (<c>/healthz/ready</c>, answered by the admin's /ready). Nothing else is static: everything a workload needs comes over xDS.
/// </summary>
public static class EnvoyBootstrapBuilder
{
    /// <summary>The static cluster of the control plane (plaintext ADS goes through it).</summary>
    public const string XdsClusterName = "xds-grpc";

    /// <summary>The static cluster the Prometheus listener forwards to: the admin interface.</summary>
    public const string PrometheusClusterName = "prometheus_stats";

    public const string PrometheusListenerName = "prometheus_stats";

    /// <summary>The admin interface as an upstream: the Prometheus and health listeners both forward to it.</summary>
    public const string AdminClusterName = PrometheusClusterName;

    public const string HealthListenerName = "health";

    /// <summary>The path Istio's agent answers readiness on, and so the path probes and load balancers ask.</summary>
    public const string ReadinessPath = "/healthz/ready";

    /// <summary>Envoy's admin endpoint that answers 200 once the server is initialised (its first clusters and listeners arrived) and 503 before.</summary>
    public const string AdminReadyPath = "/ready";

    /// <summary>Envoy's Google gRPC credentials plugin that reads a header value from a file for every call.</summary>
    public const string FileTokenPlugin = "envoy.grpc_credentials.file_based_metadata";

    private const string HttpProtocolOptionsKey = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";

    /// <summary>The bootstrap; <see cref="BootstrapOptionsException"/> when an option is unusable.</summary>
    public static BootstrapMessage Build(EnvoyBootstrapOptions options)
    {
        var (host, port) = ParseAddress(options.ResolvedDiscoveryAddress);
        Check(options);
        var bootstrap = new BootstrapMessage
        {
            Node = Node(options),
            DynamicResources = new Envoy.Config.Bootstrap.V3.Bootstrap.Types.DynamicResources
            {
                AdsConfig = new ApiConfigSource
                {
                    ApiType = ApiConfigSource.Types.ApiType.Grpc,
                    TransportApiVersion = ApiVersion.V3,
                    SetNodeOnFirstMessageOnly = true,
                    GrpcServices = { options.Secure ? SecureGrpcService(options, host, port) : PlaintextGrpcService() },
                },
                CdsConfig = AdsSource(),
                LdsConfig = AdsSource(),
            },
            StaticResources = new Envoy.Config.Bootstrap.V3.Bootstrap.Types.StaticResources
            {
                Listeners = { PrometheusListener(options), HealthListener(options) },
                Clusters = { StaticCluster(PrometheusClusterName, "127.0.0.1", options.AdminPort, http2: false) },
            },
            Admin = new Envoy.Config.Bootstrap.V3.Admin { Address = SocketAddress("127.0.0.1", options.AdminPort) },
        };
        if (!options.Secure)
        {
            bootstrap.StaticResources.Clusters.Insert(0, StaticCluster(XdsClusterName, host, port, http2: true));
        }

        return bootstrap;
    }

    /// <summary>The node id Istio expects: <c>type~ip~pod.namespace~namespace.svc.domain</c>.</summary>
    public static string NodeId(EnvoyBootstrapOptions options) =>
        $"{(options.Type == BootstrapProxyType.Router ? "router" : "sidecar")}~{options.IpAddresses[0]}~{options.PodName}.{options.Namespace}~{options.Namespace}.svc.{options.DnsDomain}";

    private static Node Node(EnvoyBootstrapOptions options)
    {
        var labels = new Struct();
        foreach (var (key, value) in options.Labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            labels.Fields[key] = Value.ForString(value);
        }

        var workload = options.Labels.GetValueOrDefault("service.istio.io/canonical-name")
            ?? options.Labels.GetValueOrDefault("app")
            ?? options.PodName;
        var metadata = new Struct
        {
            Fields =
            {
                ["NAME"] = Value.ForString(options.PodName),
                ["NAMESPACE"] = Value.ForString(options.Namespace),
                ["LABELS"] = Value.ForStruct(labels),
                ["INSTANCE_IPS"] = Value.ForString(string.Join(",", options.IpAddresses)),
                ["SERVICE_ACCOUNT"] = Value.ForString(options.ServiceAccount),
                ["CLUSTER_ID"] = Value.ForString(options.ClusterId),
                ["MESH_ID"] = Value.ForString(options.TrustDomain),
                ["ISTIO_VERSION"] = Value.ForString(options.IstioVersion),
                ["WORKLOAD_NAME"] = Value.ForString(workload),
                ["ENVOY_PROMETHEUS_PORT"] = Value.ForNumber(options.PrometheusPort),
                ["INTERCEPTION_MODE"] = Value.ForString(options.InterceptionMode),
            },
        };
        return new Node
        {
            Id = NodeId(options),
            Cluster = $"{workload}.{options.Namespace}",
            Metadata = metadata,
        };
    }

    private static ConfigSource AdsSource() => new()
    {
        Ads = new AggregatedConfigSource(),
        ResourceApiVersion = ApiVersion.V3,
        // Wait for the control plane however long it takes instead of starting with nothing after 15 s.
        InitialFetchTimeout = new Duration(),
    };

    private static GrpcService PlaintextGrpcService() => new()
    {
        EnvoyGrpc = new GrpcService.Types.EnvoyGrpc { ClusterName = XdsClusterName },
    };

    /// <summary>
    /// TLS to the secure port and a bearer token from a file. Only Google gRPC can attach a token read from
    /// a file (Envoy's own client sends static headers only), and its file-based metadata plugin reads the
    /// file for every new stream, so a rotated token is picked up when the stream reconnects.
    /// </summary>
    private static GrpcService SecureGrpcService(EnvoyBootstrapOptions options, string host, int port)
    {
        var google = new GrpcService.Types.GoogleGrpc
        {
            TargetUri = host.Contains(':') ? $"[{host}]:{port}" : $"{host}:{port}",
            StatPrefix = XdsClusterName,
            CredentialsFactoryName = FileTokenPlugin,
            ChannelCredentials = new GrpcService.Types.GoogleGrpc.Types.ChannelCredentials
            {
                SslCredentials = new GrpcService.Types.GoogleGrpc.Types.SslCredentials
                {
                    RootCerts = new DataSource { Filename = options.RootCertPath },
                },
            },
            CallCredentials =
            {
                new GrpcService.Types.GoogleGrpc.Types.CallCredentials
                {
                    FromPlugin = new GrpcService.Types.GoogleGrpc.Types.CallCredentials.Types.MetadataCredentialsFromPlugin
                    {
                        Name = FileTokenPlugin,
                        TypedConfig = Any.Pack(new Envoy.Config.GrpcCredential.V3.FileBasedMetadataConfig
                        {
                            SecretData = new DataSource { Filename = options.TokenPath },
                            HeaderKey = "authorization",
                            HeaderPrefix = "Bearer ",
                        }),
                    },
                },
            },
        };
        var serverName = options.TlsServerName ?? (WellKnownStrings.IsIp(host) ? "istiod.istio-system.svc" : null);
        if (serverName is not null && serverName != host)
        {
            // The certificate names istiod's service, not the address dialled (an IP, a port-forward).
            google.ChannelArgs = new GrpcService.Types.GoogleGrpc.Types.ChannelArgs();
            google.ChannelArgs.Args["grpc.ssl_target_name_override"] = new GrpcService.Types.GoogleGrpc.Types.ChannelArgs.Types.Value { StringValue = serverName };
        }

        return new GrpcService { GoogleGrpc = google };
    }

    private static Cluster StaticCluster(string name, string host, int port, bool http2)
    {
        var cluster = new Cluster
        {
            Name = name,
            Type = WellKnownStrings.IsIp(host) ? Cluster.Types.DiscoveryType.Static : Cluster.Types.DiscoveryType.StrictDns,
            ConnectTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(1)),
            LbPolicy = Cluster.Types.LbPolicy.RoundRobin,
            LoadAssignment = new ClusterLoadAssignment
            {
                ClusterName = name,
                Endpoints =
                {
                    new LocalityLbEndpoints
                    {
                        LbEndpoints = { new LbEndpoint { Endpoint = new Endpoint { Address = SocketAddress(host, port) } } },
                    },
                },
            },
        };
        if (http2)
        {
            cluster.TypedExtensionProtocolOptions[HttpProtocolOptionsKey] = Any.Pack(new UpstreamHttpOptions
            {
                ExplicitHttpConfig = new UpstreamHttpOptions.Types.ExplicitHttpConfig
                {
                    // Long-lived ADS streams: keepalive pings notice a dead control plane before TCP does.
                    Http2ProtocolOptions = new Http2ProtocolOptions
                    {
                        ConnectionKeepalive = new KeepaliveSettings
                        {
                            Interval = Duration.FromTimeSpan(TimeSpan.FromSeconds(30)),
                            Timeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(10)),
                        },
                    },
                },
            });
        }

        return cluster;
    }

    private static Listener PrometheusListener(EnvoyBootstrapOptions options) =>
        HttpListener(PrometheusListenerName, options.PrometheusPort, "stats", new VirtualHost
        {
            Name = "prometheus",
            Domains = { "*" },
            Routes =
            {
                new Route
                {
                    Match = new RouteMatch { Prefix = "/stats/prometheus" },
                    Route_ = new RouteAction { Cluster = AdminClusterName },
                },
            },
        });

    /// <summary>
    /// Stock Envoy has no health endpoint outside its admin interface, which stays on localhost because it
    /// can also change the proxy's state. This listener exposes exactly one read-only admin answer, /ready,
    /// under the path Istio's agent serves; everything else is 404 so nothing more of the admin leaks out.
    /// </summary>
    private static Listener HealthListener(EnvoyBootstrapOptions options) =>
        HttpListener(HealthListenerName, options.HealthPort, "health", new VirtualHost
        {
            Name = "health",
            Domains = { "*" },
            Routes =
            {
                new Route
                {
                    // On a whole-path match, prefix_rewrite replaces the whole path.
                    Match = new RouteMatch { Path = ReadinessPath },
                    Route_ = new RouteAction { Cluster = AdminClusterName, PrefixRewrite = AdminReadyPath },
                },
                new Route
                {
                    Match = new RouteMatch { Prefix = "/" },
                    DirectResponse = new DirectResponseAction { Status = 404 },
                },
            },
        });

    private static Listener HttpListener(string name, int port, string statPrefix, VirtualHost host)
    {
        var manager = new HttpConnectionManager
        {
            StatPrefix = statPrefix,
            CodecType = HttpConnectionManager.Types.CodecType.Auto,
            RouteConfig = new RouteConfiguration { Name = name, VirtualHosts = { host } },
            HttpFilters =
            {
                new HttpFilter { Name = "envoy.filters.http.router", TypedConfig = Any.Pack(new Envoy.Extensions.Filters.Http.Router.V3.Router()) },
            },
        };
        return new Listener
        {
            Name = name,
            Address = SocketAddress("0.0.0.0", port),
            FilterChains =
            {
                new FilterChain
                {
                    Filters = { new Filter { Name = "envoy.filters.network.http_connection_manager", TypedConfig = Any.Pack(manager) } },
                },
            },
        };
    }

    private static Address SocketAddress(string host, int port) => new()
    {
        SocketAddress = new Envoy.Config.Core.V3.SocketAddress { Address = host, PortValue = (uint)port },
    };

    /// <summary>host:port, with IPv6 hosts in brackets.</summary>
    public static (string Host, int Port) ParseAddress(string address)
    {
        var colon = address.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(address.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new BootstrapOptionsException($"discovery address '{address}' must be host:port with a port from 1 to 65535");
        }

        var host = address[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        if (!WellKnownAddress(host))
        {
            throw new BootstrapOptionsException($"discovery address '{address}': '{host}' is neither an IP address nor a host name");
        }

        return (host, port);
    }

    private static bool WellKnownAddress(string host) => WellKnownStrings.IsAddress(host);

    private static void Check(EnvoyBootstrapOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.PodName) || options.PodName.Contains('~') || options.PodName.Contains('.'))
        {
            throw new BootstrapOptionsException($"pod name '{options.PodName}' must be non-empty without '.' or '~' (it becomes part of the node id)");
        }

        if (string.IsNullOrWhiteSpace(options.Namespace) || !options.Namespace.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            throw new BootstrapOptionsException($"namespace '{options.Namespace}' must be a DNS label (lower-case letters, digits, '-')");
        }

        if (options.IpAddresses.Count == 0)
        {
            throw new BootstrapOptionsException("at least one IP address is needed (the node id starts with it)");
        }

        foreach (var ip in options.IpAddresses)
        {
            // Strict: .NET's parser also takes "10.0.0", which would put a bad address in the node id.
            if (!WellKnownStrings.IsIp(ip))
            {
                throw new BootstrapOptionsException($"'{ip}' is not an IP address");
            }
        }

        foreach (var key in options.Labels.Keys)
        {
            if (key.Length == 0)
            {
                throw new BootstrapOptionsException("a label has an empty key");
            }
        }

        if (options.Secure && (string.IsNullOrWhiteSpace(options.RootCertPath) || string.IsNullOrWhiteSpace(options.TokenPath)))
        {
            throw new BootstrapOptionsException("the secure port needs a root certificate file and a token file");
        }

        if (options.InterceptionMode is { } mode && mode is not ("REDIRECT" or "TPROXY" or "NONE"))
        {
            throw new BootstrapOptionsException($"interception mode '{mode}' is not REDIRECT, TPROXY or NONE");
        }

        var ports = new[] { ("admin", options.AdminPort), ("Prometheus", options.PrometheusPort), ("health", options.HealthPort) };
        foreach (var (name, port) in ports)
        {
            if (port is < 1 or > 65535)
            {
                throw new BootstrapOptionsException($"{name} port {port} is not between 1 and 65535");
            }
        }

        for (var i = 0; i < ports.Length; i++)
        {
            for (var j = i + 1; j < ports.Length; j++)
            {
                if (ports[i].Item2 == ports[j].Item2)
                {
                    throw new BootstrapOptionsException($"the {ports[i].Item1} and {ports[j].Item1} ports are both {ports[i].Item2}");
                }
            }
        }
    }
}
