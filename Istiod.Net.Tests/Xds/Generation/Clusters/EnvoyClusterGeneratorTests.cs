using Envoy.Config.Cluster.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Istiod.Net.Config.Mesh;
using Istiod.Net.Config.Model;
using Istiod.Net.Push;
using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Xds.Generation;
using Istiod.Net.Xds.Generation.Clusters;
using Istiod.Net.Xds.Protocol;
using static Istiod.Net.Tests.Infrastructure.EnvoyMesh;
using static Istiod.Net.Tests.Infrastructure.MeshConfigs;
using EnvoyHttpOptions = Envoy.Extensions.Upstreams.Http.V3.HttpProtocolOptions;

namespace Istiod.Net.Tests.Xds.Generation.Clusters;

public sealed class EnvoyClusterGeneratorTests
{
    private const string Reviews = "reviews.bookinfo.svc.cluster.local";
    private const string Ratings = "ratings.bookinfo.svc.cluster.local";

    private static ConfigObject ReviewsService() => Service("bookinfo", Reviews, [(9080, "HTTP"), (9090, "GRPC"), (3306, "TCP")],
        endpoints: [Workload("10.1.0.1", "reviews", labels: ("version", "v1")), Workload("10.1.0.2", "reviews-v2", labels: ("version", "v2"))]);

    private static ConfigObject Rule(TrafficPolicy? policy, params Subset[] subsets) =>
        DestinationRule("bookinfo", "reviews", new DestinationRuleSpec { Host = "reviews", TrafficPolicy = policy, Subsets = subsets });

    private static GenerationHarness Harness(params ConfigObject[] configs) => new(configs, Table());

    private static GenerationHarness Harness(MeshConfig mesh, params ConfigObject[] configs) => new(configs, Table(), options: new PushOptions { Mesh = mesh });

    private static IReadOnlyList<string> Names(GenerationHarness harness, Proxy proxy) =>
        harness.Generate(proxy, XdsTypeUrls.Cluster).Resources.Select(r => r.Name).ToList();

    [Test]
    public void Sidecar_gets_a_cluster_per_port_and_subset_plus_inbound_and_special_clusters()
    {
        using var harness = Harness(
            ReviewsService(),
            Rule(null, new Subset { Name = "v1", Labels = Labels(("version", "v1")) }),
            Service("bookinfo", "productpage.bookinfo.svc.cluster.local", [(9080, "HTTP")], endpoints: [Workload("10.2.0.1")]));
        var proxy = harness.ConnectEnvoy("bookinfo", ip: "10.2.0.1");

        var names = Names(harness, proxy);

        Assert.That(names, Is.SupersetOf(new[]
        {
            $"outbound|9080||{Reviews}", $"outbound|9080|v1|{Reviews}", $"outbound|9090||{Reviews}", $"outbound|9090|v1|{Reviews}",
            $"outbound|3306||{Reviews}", $"outbound|3306|v1|{Reviews}", "outbound|9080||productpage.bookinfo.svc.cluster.local",
            "inbound|9080||", ClusterName.BlackHole, ClusterName.Passthrough, ClusterName.InboundPassthrough,
        }));
        Assert.That(names, Has.None.StartsWith("inbound|3306"), "the proxy is not an endpoint of reviews");
        Assert.That(names, Is.Unique);
    }

    [Test]
    public void Gateway_gets_outbound_clusters_but_no_inbound_ones()
    {
        using var harness = Harness(ReviewsService(), Service("istio-system", "gw.istio-system.svc.cluster.local", [(80, "HTTP")], endpoints: [Workload("10.9.0.1")]));
        var gateway = harness.ConnectEnvoy("istio-system", ip: "10.9.0.1", kind: "router");

        var names = Names(harness, gateway);

        Assert.That(names, Does.Contain($"outbound|9080||{Reviews}"));
        Assert.That(names, Does.Contain(ClusterName.BlackHole));
        Assert.That(names, Has.None.StartsWith("inbound|"));
        Assert.That(names, Does.Not.Contain(ClusterName.InboundPassthrough));
    }

    [Test]
    public void Sidecar_resource_limits_the_outbound_clusters_to_its_egress_hosts()
    {
        var sidecar = Object(SidecarScope.Kind, "bookinfo", "default", new SidecarSpec
        {
            Egress = [new IstioEgressListener { Hosts = ["./ratings.bookinfo.svc.cluster.local"] }],
        });
        using var harness = Harness(ReviewsService(), Service("bookinfo", Ratings, [(9080, "HTTP")]), sidecar);

        var names = Names(harness, harness.ConnectEnvoy("bookinfo"));

        Assert.That(names, Does.Contain($"outbound|9080||{Ratings}"));
        Assert.That(names, Has.None.Contains(Reviews));
    }

    [TestCase(ServiceEntryResolution.Static, Cluster.Types.DiscoveryType.Eds)]
    [TestCase(ServiceEntryResolution.Dns, Cluster.Types.DiscoveryType.StrictDns)]
    [TestCase(ServiceEntryResolution.DnsRoundRobin, Cluster.Types.DiscoveryType.LogicalDns)]
    [TestCase(ServiceEntryResolution.None, Cluster.Types.DiscoveryType.OriginalDst)]
    public void Discovery_type_follows_the_resolution(ServiceEntryResolution resolution, Cluster.Types.DiscoveryType expected)
    {
        var address = resolution is ServiceEntryResolution.Dns or ServiceEntryResolution.DnsRoundRobin ? "api.example.com" : "10.3.0.1";
        using var harness = Harness(Service("bookinfo", "ext.example.com", [(443, "TLS")], resolution, ServiceEntryLocation.MeshExternal,
            new WorkloadEntrySpec { Address = address }, new WorkloadEntrySpec { Address = resolution == ServiceEntryResolution.Static ? "10.3.0.2" : "api2.example.com" }));

        var cluster = harness.Cluster(harness.ConnectEnvoy("bookinfo"), "outbound|443||ext.example.com")!;

        Assert.That(cluster.Type, Is.EqualTo(expected));
        switch (expected)
        {
            case Cluster.Types.DiscoveryType.Eds:
                Assert.That(cluster.EdsClusterConfig.ServiceName, Is.EqualTo("outbound|443||ext.example.com"));
                Assert.That(cluster.EdsClusterConfig.EdsConfig.Ads, Is.Not.Null);
                break;
            case Cluster.Types.DiscoveryType.StrictDns:
                Assert.That(cluster.LoadAssignment.Endpoints.SelectMany(l => l.LbEndpoints).Select(e => e.Endpoint.Address.SocketAddress.Address),
                    Is.EquivalentTo(new[] { "api.example.com", "api2.example.com" }));
                break;
            case Cluster.Types.DiscoveryType.LogicalDns:
                Assert.That(cluster.LoadAssignment.Endpoints.SelectMany(l => l.LbEndpoints).Select(e => e.Endpoint.Address.SocketAddress.Address),
                    Is.EqualTo(new[] { "api.example.com" }), "LOGICAL_DNS takes exactly one name");
                break;
            default:
                Assert.That(cluster.LbPolicy, Is.EqualTo(Cluster.Types.LbPolicy.ClusterProvided));
                Assert.That(cluster.EdsClusterConfig, Is.Null);
                break;
        }
    }

    [Test]
    public void Http2_and_grpc_ports_speak_http2_upstream_and_tcp_ports_carry_no_http_options()
    {
        using var harness = Harness(ReviewsService());
        var proxy = harness.ConnectEnvoy("bookinfo");

        Assert.That(HttpOptions(harness.Cluster(proxy, $"outbound|9090||{Reviews}")!)?.ExplicitHttpConfig?.Http2ProtocolOptions, Is.Not.Null);
        Assert.That(HttpOptions(harness.Cluster(proxy, $"outbound|9080||{Reviews}")!), Is.Null, "plain HTTP/1.1 needs no options");
        Assert.That(HttpOptions(harness.Cluster(proxy, $"outbound|3306||{Reviews}")!), Is.Null);
    }

    [Test]
    public void H2_upgrade_policy_and_http_pool_settings_become_protocol_options()
    {
        using var harness = Harness(ReviewsService(), Rule(new TrafficPolicy
        {
            ConnectionPool = new ConnectionPoolSettings
            {
                Http = new HttpSettings { H2UpgradePolicy = "UPGRADE", IdleTimeout = "30s", MaxRequestsPerConnection = 7, MaxConcurrentStreams = 50 },
            },
        }));

        var options = HttpOptions(harness.Cluster(harness.ConnectEnvoy("bookinfo"), $"outbound|9080||{Reviews}")!)!;

        Assert.That(options.ExplicitHttpConfig.Http2ProtocolOptions.MaxConcurrentStreams, Is.EqualTo(50));
        Assert.That(options.CommonHttpProtocolOptions.IdleTimeout.ToTimeSpan(), Is.EqualTo(TimeSpan.FromSeconds(30)));
        Assert.That(options.CommonHttpProtocolOptions.MaxRequestsPerConnection, Is.EqualTo(7));
    }

    [TestCase(SimpleLb.RoundRobin, Cluster.Types.LbPolicy.RoundRobin)]
    [TestCase(SimpleLb.LeastRequest, Cluster.Types.LbPolicy.LeastRequest)]
    [TestCase(SimpleLb.LeastConn, Cluster.Types.LbPolicy.LeastRequest)]
    [TestCase(SimpleLb.Random, Cluster.Types.LbPolicy.Random)]
    public void Simple_load_balancer(SimpleLb simple, Cluster.Types.LbPolicy expected)
    {
        using var harness = Harness(ReviewsService(), Rule(new TrafficPolicy { LoadBalancer = new LoadBalancerSettings { Simple = simple } }));

        Assert.That(harness.Cluster(harness.ConnectEnvoy("bookinfo"), $"outbound|9080||{Reviews}")!.LbPolicy, Is.EqualTo(expected));
    }

    [Test]
    public void Passthrough_load_balancer_turns_the_cluster_into_original_destination()
    {
        using var harness = Harness(ReviewsService(), Rule(new TrafficPolicy { LoadBalancer = new LoadBalancerSettings { Simple = SimpleLb.Passthrough } }));

        var cluster = harness.Cluster(harness.ConnectEnvoy("bookinfo"), $"outbound|9080||{Reviews}")!;

        Assert.That(cluster.Type, Is.EqualTo(Cluster.Types.DiscoveryType.OriginalDst));
        Assert.That(cluster.LbPolicy, Is.EqualTo(Cluster.Types.LbPolicy.ClusterProvided));
        Assert.That(cluster.TransportSocketMatches, Is.Empty, "no endpoint metadata exists to match on");
    }

    [Test]
    public void Consistent_hash_is_a_ring_by_default_and_maglev_when_asked()
    {
        using var harness = Harness(ReviewsService(), Rule(new TrafficPolicy
        {
            LoadBalancer = new LoadBalancerSettings { ConsistentHash = new ConsistentHashLb { HttpHeaderName = "x-user" } },
            PortLevelSettings =
            [
                new PortTrafficPolicy
                {
                    Port = new PortSelector { Number = 9090 },
                    LoadBalancer = new LoadBalancerSettings { ConsistentHash = new ConsistentHashLb { UseSourceIp = true, Maglev = new MagLevSettings { TableSize = 65537 } } },
                },
            ],
        }));
        var proxy = harness.ConnectEnvoy("bookinfo");

        var ring = harness.Cluster(proxy, $"outbound|9080||{Reviews}")!;
        var maglev = harness.Cluster(proxy, $"outbound|9090||{Reviews}")!;

        Assert.That(ring.LbPolicy, Is.EqualTo(Cluster.Types.LbPolicy.RingHash));
        Assert.That(ring.RingHashLbConfig.MinimumRingSize, Is.EqualTo(EnvoyLoadBalancer.DefaultMinimumRingSize));
        Assert.That(maglev.LbPolicy, Is.EqualTo(Cluster.Types.LbPolicy.Maglev));
        Assert.That(maglev.MaglevLbConfig.TableSize, Is.EqualTo(65537));
    }

    [Test]
    public void Warmup_becomes_slow_start()
    {
        using var harness = Harness(ReviewsService(), Rule(new TrafficPolicy
        {
            LoadBalancer = new LoadBalancerSettings { Simple = SimpleLb.LeastRequest, Warmup = new WarmupConfiguration { Duration = "45s", Aggression = 2, MinimumPercent = 10 } },
        }));

        var slow = harness.Cluster(harness.ConnectEnvoy("bookinfo"), $"outbound|9080||{Reviews}")!.LeastRequestLbConfig.SlowStartConfig;

        Assert.That(slow.SlowStartWindow.ToTimeSpan(), Is.EqualTo(TimeSpan.FromSeconds(45)));
        Assert.That(slow.Aggression.DefaultValue, Is.EqualTo(2));
        Assert.That(slow.MinWeightPercent.Value, Is.EqualTo(10));
    }

    [Test]
    public void Connection_pool_sets_circuit_breakers_connect_timeout_and_keepalive()
    {
        using var harness = Harness(ReviewsService(), Rule(new TrafficPolicy
        {
            ConnectionPool = new ConnectionPoolSettings
            {
                Tcp = new TcpSettings { MaxConnections = 100, ConnectTimeout = "250ms", TcpKeepalive = new TcpKeepalive { Probes = 3, Time = "600s", Interval = "75s" } },
                Http = new HttpSettings { Http1MaxPendingRequests = 10, Http2MaxRequests = 1000, MaxRetries = 3 },
            },
        }));

        var cluster = harness.Cluster(harness.ConnectEnvoy("bookinfo"), $"outbound|9080||{Reviews}")!;
        var limits = cluster.CircuitBreakers.Thresholds.Single();

        Assert.That((limits.MaxConnections, limits.MaxPendingRequests, limits.MaxRequests, limits.MaxRetries), Is.EqualTo(((uint?)100, (uint?)10, (uint?)1000, (uint?)3)));
        Assert.That(cluster.ConnectTimeout.ToTimeSpan(), Is.EqualTo(TimeSpan.FromMilliseconds(250)));
        var keepalive = cluster.UpstreamConnectionOptions.TcpKeepalive;
        Assert.That((keepalive.KeepaliveProbes, keepalive.KeepaliveTime, keepalive.KeepaliveInterval), Is.EqualTo(((uint?)3, (uint?)600, (uint?)75)));
    }

    [Test]
    public void Without_a_pool_every_limit_is_open_and_the_mesh_connect_timeout_applies()
    {
        using var harness = Harness(new MeshConfig { ConnectTimeout = "3s" }, ReviewsService());

        var cluster = harness.Cluster(harness.ConnectEnvoy("bookinfo"), $"outbound|9080||{Reviews}")!;
        var limits = cluster.CircuitBreakers.Thresholds.Single();

        Assert.That(new[] { limits.MaxConnections, limits.MaxPendingRequests, limits.MaxRequests, limits.MaxRetries }, Is.All.EqualTo(uint.MaxValue));
        Assert.That(cluster.ConnectTimeout.ToTimeSpan(), Is.EqualTo(TimeSpan.FromSeconds(3)));
    }

    [Test]
    public void Outlier_detection_enforces_each_counter_it_sets_and_sets_the_panic_threshold()
    {
        using var harness = Harness(ReviewsService(), Rule(new TrafficPolicy
        {
            OutlierDetection = new Istiod.Net.Config.Model.OutlierDetection
            {
                Consecutive5xxErrors = 7, ConsecutiveGatewayErrors = 0, Interval = "5s", BaseEjectionTime = "1m",
                MaxEjectionPercent = 50, MinHealthPercent = 30,
            },
        }));

        var cluster = harness.Cluster(harness.ConnectEnvoy("bookinfo"), $"outbound|9080||{Reviews}")!;
        var outlier = cluster.OutlierDetection;

        Assert.That((outlier.Consecutive5Xx, outlier.EnforcingConsecutive5Xx), Is.EqualTo(((uint?)7, (uint?)100)));
        Assert.That((outlier.ConsecutiveGatewayFailure, outlier.EnforcingConsecutiveGatewayFailure), Is.EqualTo(((uint?)0, (uint?)0)));
        Assert.That(outlier.Interval.ToTimeSpan(), Is.EqualTo(TimeSpan.FromSeconds(5)));
        Assert.That(outlier.BaseEjectionTime.ToTimeSpan(), Is.EqualTo(TimeSpan.FromMinutes(1)));
        Assert.That(outlier.MaxEjectionPercent, Is.EqualTo(50));
        Assert.That(outlier.EnforcingSuccessRate, Is.EqualTo(0));
        Assert.That(cluster.CommonLbConfig.HealthyPanicThreshold.Value, Is.EqualTo(30));
    }

    [Test]
    public void Subset_policy_overrides_the_top_level_one_and_port_level_settings_override_both_levels()
    {
        using var harness = Harness(ReviewsService(), Rule(
            new TrafficPolicy
            {
                LoadBalancer = new LoadBalancerSettings { Simple = SimpleLb.Random },
                PortLevelSettings = [new PortTrafficPolicy { Port = new PortSelector { Number = 9090 }, LoadBalancer = new LoadBalancerSettings { Simple = SimpleLb.LeastRequest } }],
            },
            new Subset { Name = "v1", Labels = Labels(("version", "v1")) },
            new Subset
            {
                Name = "v2", Labels = Labels(("version", "v2")),
                TrafficPolicy = new TrafficPolicy
                {
                    LoadBalancer = new LoadBalancerSettings { Simple = SimpleLb.RoundRobin },
                    PortLevelSettings = [new PortTrafficPolicy { Port = new PortSelector { Number = 3306 }, LoadBalancer = new LoadBalancerSettings { ConsistentHash = new ConsistentHashLb { UseSourceIp = true } } }],
                },
            }));
        var proxy = harness.ConnectEnvoy("bookinfo");
        Cluster.Types.LbPolicy Lb(string name) => harness.Cluster(proxy, name)!.LbPolicy;

        Assert.That(Lb($"outbound|9080||{Reviews}"), Is.EqualTo(Cluster.Types.LbPolicy.Random));
        Assert.That(Lb($"outbound|9090||{Reviews}"), Is.EqualTo(Cluster.Types.LbPolicy.LeastRequest));
        Assert.That(Lb($"outbound|9080|v1|{Reviews}"), Is.EqualTo(Cluster.Types.LbPolicy.Random));
        Assert.That(Lb($"outbound|9080|v2|{Reviews}"), Is.EqualTo(Cluster.Types.LbPolicy.RoundRobin));
        Assert.That(Lb($"outbound|3306|v2|{Reviews}"), Is.EqualTo(Cluster.Types.LbPolicy.RingHash));
    }

    [Test]
    public void Auto_mtls_marks_mesh_endpoints_for_mesh_tls_with_the_mesh_sni_and_the_service_accounts()
    {
        using var harness = Harness(ReviewsService());

        var cluster = harness.Cluster(harness.ConnectEnvoy("bookinfo"), $"outbound|9080||{Reviews}")!;

        Assert.That(cluster.TransportSocket, Is.Null);
        Assert.That(cluster.TransportSocketMatches.Select(m => m.Name), Is.EqualTo(new[] { UpstreamTls.IstioMatchName, UpstreamTls.PlaintextMatchName }));
        var tls = cluster.TransportSocketMatches[0].TransportSocket.TypedConfig.Unpack<UpstreamTlsContext>();
        Assert.That(tls.Sni, Is.EqualTo($"outbound_.9080_._.{Reviews}"));
        Assert.That(tls.CommonTlsContext.CombinedValidationContext.DefaultValidationContext.MatchTypedSubjectAltNames.Select(m => m.Matcher.Exact),
            Is.EqualTo(new[] { "spiffe://cluster.local/ns/bookinfo/sa/reviews", "spiffe://cluster.local/ns/bookinfo/sa/reviews-v2" }));
        Assert.That(tls.CommonTlsContext.TlsCertificateSdsSecretConfigs.Single().Name, Is.EqualTo("default"));
    }

    [Test]
    public void Auto_mtls_is_off_for_mesh_external_services_and_when_the_mesh_disables_it()
    {
        using (var harness = Harness(Service("bookinfo", "ext.example.com", [(80, "HTTP")], location: ServiceEntryLocation.MeshExternal, endpoints: [Workload("10.3.0.1")])))
        {
            var external = harness.Cluster(harness.ConnectEnvoy("bookinfo"), "outbound|80||ext.example.com")!;
            Assert.That(external.TransportSocketMatches, Is.Empty);
            Assert.That(external.TransportSocket, Is.Null);
        }

        using (var harness = Harness(new MeshConfig { EnableAutoMtls = false }, ReviewsService()))
        {
            var cluster = harness.Cluster(harness.ConnectEnvoy("bookinfo"), $"outbound|9080||{Reviews}")!;
            Assert.That(cluster.TransportSocketMatches, Is.Empty);
            Assert.That(cluster.TransportSocket, Is.Null);
        }
    }

    [Test]
    public void Tls_disable_turns_auto_mtls_off()
    {
        using var harness = Harness(ReviewsService(), Rule(new TrafficPolicy { Tls = new ClientTlsSettings { Mode = ClientTlsMode.Disable } }));

        var cluster = harness.Cluster(harness.ConnectEnvoy("bookinfo"), $"outbound|9080||{Reviews}")!;

        Assert.That(cluster.TransportSocketMatches, Is.Empty);
        Assert.That(cluster.TransportSocket, Is.Null);
    }

    [Test]
    public void Tls_istio_mutual_uses_the_mesh_certificates_with_the_subset_sni()
    {
        using var harness = Harness(ReviewsService(), Rule(
            new TrafficPolicy { Tls = new ClientTlsSettings { Mode = ClientTlsMode.IstioMutual } },
            new Subset { Name = "v1", Labels = Labels(("version", "v1")) }));

        var tls = harness.Cluster(harness.ConnectEnvoy("bookinfo"), $"outbound|9080|v1|{Reviews}")!.TransportSocket.TypedConfig.Unpack<UpstreamTlsContext>();

        Assert.That(tls.Sni, Is.EqualTo($"outbound_.9080_.v1_.{Reviews}"));
        Assert.That(tls.CommonTlsContext.CombinedValidationContext.ValidationContextSdsSecretConfig.Name, Is.EqualTo("ROOTCA"));
    }

    [Test]
    public void Tls_simple_with_files_verifies_the_ca_and_the_names()
    {
        using var harness = Harness(ReviewsService(), Rule(new TrafficPolicy
        {
            Tls = new ClientTlsSettings { Mode = ClientTlsMode.Simple, CaCertificates = "/etc/certs/ca.pem", SubjectAltNames = ["reviews.example.com"], Sni = "reviews.example.com" },
        }));

        var tls = harness.Cluster(harness.ConnectEnvoy("bookinfo"), $"outbound|9080||{Reviews}")!.TransportSocket.TypedConfig.Unpack<UpstreamTlsContext>();

        Assert.That(tls.Sni, Is.EqualTo("reviews.example.com"));
        Assert.That(tls.CommonTlsContext.TlsCertificates, Is.Empty);
        Assert.That(tls.CommonTlsContext.ValidationContext.TrustedCa.Filename, Is.EqualTo("/etc/certs/ca.pem"));
        var san = tls.CommonTlsContext.ValidationContext.MatchTypedSubjectAltNames.Single();
        Assert.That((san.SanType, san.Matcher.Exact), Is.EqualTo((SubjectAltNameMatcher.Types.SanType.Dns, "reviews.example.com")));
    }

    [Test]
    public void Tls_mutual_with_files_presents_the_client_certificate()
    {
        using var harness = Harness(ReviewsService(), Rule(new TrafficPolicy
        {
            Tls = new ClientTlsSettings { Mode = ClientTlsMode.Mutual, ClientCertificate = "/c/cert.pem", PrivateKey = "/c/key.pem", CaCertificates = "/c/ca.pem" },
        }));

        var common = harness.Cluster(harness.ConnectEnvoy("bookinfo"), $"outbound|9080||{Reviews}")!.TransportSocket.TypedConfig.Unpack<UpstreamTlsContext>().CommonTlsContext;

        Assert.That(common.TlsCertificates.Single().CertificateChain.Filename, Is.EqualTo("/c/cert.pem"));
        Assert.That(common.TlsCertificates.Single().PrivateKey.Filename, Is.EqualTo("/c/key.pem"));
        Assert.That(common.ValidationContext.TrustedCa.Filename, Is.EqualTo("/c/ca.pem"));
    }

    [Test]
    public void Tls_mutual_with_a_credential_name_fetches_both_secrets_over_sds()
    {
        using var harness = Harness(ReviewsService(), Rule(new TrafficPolicy
        {
            Tls = new ClientTlsSettings { Mode = ClientTlsMode.Mutual, CredentialName = "reviews-client" },
        }));

        var common = harness.Cluster(harness.ConnectEnvoy("bookinfo"), $"outbound|9080||{Reviews}")!.TransportSocket.TypedConfig.Unpack<UpstreamTlsContext>().CommonTlsContext;

        Assert.That(common.TlsCertificateSdsSecretConfigs.Single().Name, Is.EqualTo("kubernetes://reviews-client"));
        Assert.That(common.CombinedValidationContext.ValidationContextSdsSecretConfig.Name, Is.EqualTo("kubernetes://reviews-client-cacert"));
    }

    [Test]
    public void Tls_insecure_skip_verify_has_no_validation()
    {
        using var harness = Harness(ReviewsService(), Rule(new TrafficPolicy
        {
            Tls = new ClientTlsSettings { Mode = ClientTlsMode.Simple, CaCertificates = "/c/ca.pem", InsecureSkipVerify = true },
        }));

        var common = harness.Cluster(harness.ConnectEnvoy("bookinfo"), $"outbound|9080||{Reviews}")!.TransportSocket.TypedConfig.Unpack<UpstreamTlsContext>().CommonTlsContext;

        Assert.That(common.ValidationContext, Is.Null);
        Assert.That(common.CombinedValidationContext, Is.Null);
    }

    [Test]
    public void Port_level_tls_overrides_the_rule_tls()
    {
        using var harness = Harness(ReviewsService(), Rule(new TrafficPolicy
        {
            Tls = new ClientTlsSettings { Mode = ClientTlsMode.Disable },
            PortLevelSettings = [new PortTrafficPolicy { Port = new PortSelector { Number = 9090 }, Tls = new ClientTlsSettings { Mode = ClientTlsMode.IstioMutual } }],
        }));
        var proxy = harness.ConnectEnvoy("bookinfo");

        Assert.That(harness.Cluster(proxy, $"outbound|9080||{Reviews}")!.TransportSocket, Is.Null);
        Assert.That(harness.Cluster(proxy, $"outbound|9090||{Reviews}")!.TransportSocket, Is.Not.Null);
    }

    [Test]
    public void A_rule_exported_elsewhere_does_not_apply_and_the_proxy_namespace_rule_wins()
    {
        var hidden = DestinationRule("bookinfo", "hidden", new DestinationRuleSpec
        {
            Host = Reviews, ExportTo = ["."], TrafficPolicy = new TrafficPolicy { LoadBalancer = new LoadBalancerSettings { Simple = SimpleLb.Random } },
        });
        var local = DestinationRule("frontend", "local", new DestinationRuleSpec
        {
            Host = Reviews, TrafficPolicy = new TrafficPolicy { LoadBalancer = new LoadBalancerSettings { Simple = SimpleLb.LeastRequest } },
        });
        using var harness = Harness(ReviewsService(), hidden, local);

        Assert.That(harness.Cluster(harness.ConnectEnvoy("frontend"), $"outbound|9080||{Reviews}")!.LbPolicy, Is.EqualTo(Cluster.Types.LbPolicy.LeastRequest));
        Assert.That(harness.Cluster(harness.ConnectEnvoy("other"), $"outbound|9080||{Reviews}")!.LbPolicy, Is.EqualTo(Cluster.Types.LbPolicy.LeastRequest));
        Assert.That(harness.Cluster(harness.ConnectEnvoy("bookinfo"), $"outbound|9080||{Reviews}")!.LbPolicy, Is.EqualTo(Cluster.Types.LbPolicy.Random));
    }

    [Test]
    public void Inbound_cluster_sends_the_workload_port_to_loopback()
    {
        using var harness = Harness(ReviewsService());

        var cluster = harness.Cluster(harness.ConnectEnvoy("bookinfo", ip: "10.1.0.1"), "inbound|9090||")!;

        Assert.That(cluster.Type, Is.EqualTo(Cluster.Types.DiscoveryType.Static));
        var address = cluster.LoadAssignment.Endpoints.Single().LbEndpoints.Single().Endpoint.Address.SocketAddress;
        Assert.That((address.Address, address.PortValue), Is.EqualTo(("127.0.0.1", 9090u)));
        Assert.That(HttpOptions(cluster)?.ExplicitHttpConfig?.Http2ProtocolOptions, Is.Not.Null, "a grpc port speaks HTTP/2 to the app");
    }

    [Test]
    public void Sidecar_ingress_listeners_decide_the_inbound_ports_and_their_endpoints()
    {
        var sidecar = Object(SidecarScope.Kind, "bookinfo", "ingress", new SidecarSpec
        {
            Ingress = [new IstioIngressListener { Port = new SidecarPort { Number = 8443, Protocol = "HTTP", Name = "http" }, DefaultEndpoint = "0.0.0.0:8080" }],
        });
        using var harness = Harness(ReviewsService(), sidecar);
        var proxy = harness.ConnectEnvoy("bookinfo", ip: "10.1.0.1");

        var names = Names(harness, proxy);
        var address = harness.Cluster(proxy, "inbound|8443||")!.LoadAssignment.Endpoints.Single().LbEndpoints.Single().Endpoint.Address.SocketAddress;

        Assert.That(names.Where(n => n.StartsWith("inbound|", StringComparison.Ordinal)), Is.EqualTo(new[] { "inbound|8443||" }));
        Assert.That((address.Address, address.PortValue), Is.EqualTo(("10.1.0.1", 8080u)));
    }

    [Test]
    public void Special_clusters_have_the_shapes_envoy_needs()
    {
        using var harness = Harness(ReviewsService());
        var proxy = harness.ConnectEnvoy("bookinfo");

        var blackHole = harness.Cluster(proxy, ClusterName.BlackHole)!;
        var passthrough = harness.Cluster(proxy, ClusterName.Passthrough)!;
        var inbound = harness.Cluster(proxy, ClusterName.InboundPassthrough)!;

        Assert.That(blackHole.Type, Is.EqualTo(Cluster.Types.DiscoveryType.Static));
        Assert.That(blackHole.LoadAssignment.Endpoints, Is.Empty);
        Assert.That((passthrough.Type, passthrough.LbPolicy), Is.EqualTo((Cluster.Types.DiscoveryType.OriginalDst, Cluster.Types.LbPolicy.ClusterProvided)));
        Assert.That(HttpOptions(passthrough)!.UseDownstreamProtocolConfig, Is.Not.Null);
        Assert.That(inbound.Type, Is.EqualTo(Cluster.Types.DiscoveryType.OriginalDst));
        Assert.That(inbound.UpstreamBindConfig.SourceAddress.Address, Is.EqualTo("127.0.0.6"));
    }

    [Test]
    public void Endpoint_only_changes_touch_what_eds_read_but_not_cds_and_a_new_service_account_touches_cds()
    {
        var service = Service("bookinfo", Reviews, [(9080, "HTTP")], endpoints: [Workload("10.1.0.1", "reviews")]);
        using var harness = Harness(service);
        var proxy = harness.ConnectEnvoy("bookinfo");
        harness.Generate(proxy, XdsTypeUrls.Cluster);
        harness.Generate(proxy, XdsTypeUrls.Endpoint, $"outbound|9080||{Reviews}");
        var cds = proxy.WatchOf(XdsTypeUrls.Cluster)!;
        var eds = proxy.WatchOf(XdsTypeUrls.Endpoint)!;
        var spec = service.SpecAs<ServiceEntrySpec>();

        var endpointsOnly = harness.Change(service with { Spec = spec with { Endpoints = [Workload("10.1.0.1", "reviews"), Workload("10.1.0.9", "reviews")] } }).Changes;
        var newIdentity = harness.Change(service with { Spec = spec with { Endpoints = [Workload("10.1.0.1", "reviews"), Workload("10.1.0.9", "ratings")] } }).Changes;

        Assert.That(endpointsOnly.TouchesAny(eds, "bookinfo"), Is.True);
        Assert.That(endpointsOnly.TouchesAny(cds, "bookinfo"), Is.False);
        Assert.That(newIdentity.TouchesAny(cds, "bookinfo"), Is.True);
    }

    private static EnvoyHttpOptions? HttpOptions(Cluster cluster) =>
        cluster.TypedExtensionProtocolOptions.TryGetValue(ConnectionPoolTranslator.HttpProtocolOptionsKey, out var any) ? any.Unpack<EnvoyHttpOptions>() : null;
}
