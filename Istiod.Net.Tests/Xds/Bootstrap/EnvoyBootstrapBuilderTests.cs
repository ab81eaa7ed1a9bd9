using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Google.Protobuf;
using Istiod.Net.Config.Parsing;
using Istiod.Net.Xds.Bootstrap;
using Istiod.Net.Xds.Generation;
using Istiod.Net.Xds.Protocol;
using Istiod.Net.Xds.Validation;
using BootstrapMessage = Envoy.Config.Bootstrap.V3.Bootstrap;

namespace Istiod.Net.Tests.Xds.Bootstrap;

public sealed class EnvoyBootstrapBuilderTests
{
    private static EnvoyBootstrapOptions Sidecar(Func<EnvoyBootstrapOptions, EnvoyBootstrapOptions>? change = null)
    {
        var options = new EnvoyBootstrapOptions
        {
            PodName = "productpage-v1-7d6cfb7dfd-abcde",
            Namespace = "default",
            IpAddresses = ["10.1.1.1", "fd00::1"],
            Labels = new Dictionary<string, string> { ["app"] = "productpage", ["version"] = "v1" },
            ServiceAccount = "bookinfo-productpage",
            IstioVersion = "1.2.3",
        };
        return change is null ? options : change(options);
    }

    [Test]
    public void A_sidecar_bootstrap_has_istios_node_id_and_metadata()
    {
        var node = EnvoyBootstrapBuilder.Build(Sidecar()).Node;

        Assert.That(node.Id, Is.EqualTo("sidecar~10.1.1.1~productpage-v1-7d6cfb7dfd-abcde.default~default.svc.cluster.local"));
        Assert.That(node.Cluster, Is.EqualTo("productpage.default"));
        var fields = node.Metadata.Fields;
        Assert.Multiple(() =>
        {
            Assert.That(fields["NAMESPACE"].StringValue, Is.EqualTo("default"));
            Assert.That(fields["NAME"].StringValue, Is.EqualTo("productpage-v1-7d6cfb7dfd-abcde"));
            Assert.That(fields["INSTANCE_IPS"].StringValue, Is.EqualTo("10.1.1.1,fd00::1"));
            Assert.That(fields["SERVICE_ACCOUNT"].StringValue, Is.EqualTo("bookinfo-productpage"));
            Assert.That(fields["CLUSTER_ID"].StringValue, Is.EqualTo("Kubernetes"));
            Assert.That(fields["ISTIO_VERSION"].StringValue, Is.EqualTo("1.2.3"));
            Assert.That(fields["LABELS"].StructValue.Fields["version"].StringValue, Is.EqualTo("v1"));
            Assert.That(fields["INTERCEPTION_MODE"].StringValue, Is.EqualTo("REDIRECT"));
        });
    }

    [TestCase("REDIRECT", InterceptionMode.Redirect)]
    [TestCase("TPROXY", InterceptionMode.Tproxy)]
    [TestCase("NONE", InterceptionMode.None)]
    public void The_interception_mode_is_read_back_by_our_own_proxy_parser(string text, InterceptionMode mode)
    {
        var node = EnvoyBootstrapBuilder.Build(Sidecar(o => o with { InterceptionMode = text })).Node;
        var proxy = ProxyParser.Parse(node, new XdsConnectionInfo("c", null, 15010, false, null, new Dictionary<string, string>()));
        Assert.That(proxy.Workload.InterceptionMode, Is.EqualTo(mode));
    }

    [Test]
    public void The_node_is_read_back_by_our_own_proxy_parser()
    {
        var node = EnvoyBootstrapBuilder.Build(Sidecar()).Node;

        var proxy = ProxyParser.Parse(node, new XdsConnectionInfo("c", null, 15010, false, null, new Dictionary<string, string>()));

        Assert.That(proxy.Kind, Is.EqualTo(ProxyKind.Sidecar));
        Assert.That(proxy.Namespace, Is.EqualTo("default"));
        Assert.That(proxy.Metadata.Labels["app"], Is.EqualTo("productpage"));
        Assert.That(proxy.IpAddresses.Select(i => i.ToString()), Is.EqualTo(new[] { "10.1.1.1", "fd00::1" }));
        Assert.That(proxy.Metadata.ServiceAccount, Is.EqualTo("bookinfo-productpage"));
    }

    [Test]
    public void Plaintext_ads_goes_through_the_xds_grpc_cluster_over_http2()
    {
        var bootstrap = EnvoyBootstrapBuilder.Build(Sidecar(o => o with { DiscoveryAddress = "istiod.istio-system.svc:15010" }));

        var ads = bootstrap.DynamicResources.AdsConfig;
        Assert.That(ads.ApiType, Is.EqualTo(ApiConfigSource.Types.ApiType.Grpc));
        Assert.That(ads.TransportApiVersion, Is.EqualTo(ApiVersion.V3));
        Assert.That(ads.GrpcServices.Single().EnvoyGrpc.ClusterName, Is.EqualTo("xds-grpc"));
        Assert.That(bootstrap.DynamicResources.CdsConfig.Ads, Is.Not.Null);
        Assert.That(bootstrap.DynamicResources.LdsConfig.Ads, Is.Not.Null);
        Assert.That(bootstrap.DynamicResources.LdsConfig.ResourceApiVersion, Is.EqualTo(ApiVersion.V3));
        var xds = bootstrap.StaticResources.Clusters.Single(c => c.Name == "xds-grpc");
        Assert.That(xds.Type, Is.EqualTo(Cluster.Types.DiscoveryType.StrictDns), "a host name needs DNS");
        var socket = xds.LoadAssignment.Endpoints.Single().LbEndpoints.Single().Endpoint.Address.SocketAddress;
        Assert.That((socket.Address, socket.PortValue), Is.EqualTo(("istiod.istio-system.svc", 15010u)));
        var http = xds.TypedExtensionProtocolOptions["envoy.extensions.upstreams.http.v3.HttpProtocolOptions"]
            .Unpack<Envoy.Extensions.Upstreams.Http.V3.HttpProtocolOptions>();
        Assert.That(http.ExplicitHttpConfig.Http2ProtocolOptions, Is.Not.Null);

        var byIp = EnvoyBootstrapBuilder.Build(Sidecar(o => o with { DiscoveryAddress = "[fd00::5]:15010" }));
        var ipCluster = byIp.StaticResources.Clusters.Single(c => c.Name == "xds-grpc");
        Assert.That(ipCluster.Type, Is.EqualTo(Cluster.Types.DiscoveryType.Static));
        Assert.That(ipCluster.LoadAssignment.Endpoints[0].LbEndpoints[0].Endpoint.Address.SocketAddress.Address, Is.EqualTo("fd00::5"));
    }

    [Test]
    public void Admin_on_localhost_prometheus_on_15090_health_on_15021_and_nothing_else()
    {
        var bootstrap = EnvoyBootstrapBuilder.Build(Sidecar());

        Assert.That(bootstrap.Admin.Address.SocketAddress.Address, Is.EqualTo("127.0.0.1"));
        Assert.That(bootstrap.Admin.Address.SocketAddress.PortValue, Is.EqualTo(15000));
        Assert.That(bootstrap.StaticResources.Listeners.Select(l => l.Name), Is.EquivalentTo(new[] { "prometheus_stats", "health" }));
        var listener = bootstrap.StaticResources.Listeners.Single(l => l.Name == "prometheus_stats");
        Assert.That(listener.Address.SocketAddress.PortValue, Is.EqualTo(15090));
        var manager = listener.FilterChains.Single().Filters.Single().TypedConfig.Unpack<HttpConnectionManager>();
        var route = manager.RouteConfig.VirtualHosts.Single().Routes.Single();
        Assert.That(route.Match.Prefix, Is.EqualTo("/stats/prometheus"));
        var stats = bootstrap.StaticResources.Clusters.Single(c => c.Name == route.Route_.Cluster);
        Assert.That(stats.LoadAssignment.Endpoints[0].LbEndpoints[0].Endpoint.Address.SocketAddress.PortValue, Is.EqualTo(15000), "the stats route ends at the admin port");
        Assert.That(bootstrap.StaticResources.Clusters.Select(c => c.Name), Is.EquivalentTo(new[] { "xds-grpc", "prometheus_stats" }));
    }

    [Test]
    public void The_health_listener_sends_healthz_ready_to_the_admins_ready_and_nothing_else()
    {
        var bootstrap = EnvoyBootstrapBuilder.Build(Sidecar(o => o with { HealthPort = 25021, AdminPort = 25000 }));

        var listener = bootstrap.StaticResources.Listeners.Single(l => l.Name == "health");
        Assert.That(listener.Address.SocketAddress.Address, Is.EqualTo("0.0.0.0"), "kubelet probes the pod IP");
        Assert.That(listener.Address.SocketAddress.PortValue, Is.EqualTo(25021));
        var manager = listener.FilterChains.Single().Filters.Single().TypedConfig.Unpack<HttpConnectionManager>();
        var routes = manager.RouteConfig.VirtualHosts.Single().Routes;
        Assert.That(routes, Has.Count.EqualTo(2));
        Assert.Multiple(() =>
        {
            Assert.That(routes[0].Match.Path, Is.EqualTo("/healthz/ready"), "exact: /healthz/readyX is not readiness");
            Assert.That(routes[0].Route_.PrefixRewrite, Is.EqualTo("/ready"));
            Assert.That(routes[1].Match.Prefix, Is.EqualTo("/"));
            Assert.That(routes[1].DirectResponse.Status, Is.EqualTo(404), "no other admin path leaks out");
        });
        var admin = bootstrap.StaticResources.Clusters.Single(c => c.Name == routes[0].Route_.Cluster);
        var address = admin.LoadAssignment.Endpoints[0].LbEndpoints[0].Endpoint.Address.SocketAddress;
        Assert.That((address.Address, address.PortValue), Is.EqualTo(("127.0.0.1", 25000u)), "the readiness route ends at the admin port");
    }

    [TestCase(15000, 15090, 15000, "admin and health ports are both 15000")]
    [TestCase(15000, 15090, 15090, "Prometheus and health ports are both 15090")]
    [TestCase(15000, 15090, 0, "health port 0 is not between 1 and 65535")]
    [TestCase(15000, 15090, 70000, "health port 70000 is not between 1 and 65535")]
    public void A_bad_health_port_is_named(int admin, int prometheus, int health, string expected)
    {
        Assert.That(
            () => EnvoyBootstrapBuilder.Build(Sidecar(o => o with { AdminPort = admin, PrometheusPort = prometheus, HealthPort = health })),
            Throws.TypeOf<BootstrapOptionsException>().With.Message.Contain(expected));
    }

    [Test]
    public void The_secure_port_uses_google_grpc_with_tls_and_a_token_read_from_a_file()
    {
        var bootstrap = EnvoyBootstrapBuilder.Build(Sidecar(o => o with
        {
            Secure = true,
            DiscoveryAddress = "10.96.0.10:15012",
            RootCertPath = "/etc/istio/root-cert.pem",
            TokenPath = "/var/run/secrets/tokens/istio-token",
        }));

        var google = bootstrap.DynamicResources.AdsConfig.GrpcServices.Single().GoogleGrpc;
        Assert.That(google.TargetUri, Is.EqualTo("10.96.0.10:15012"));
        Assert.That(google.ChannelCredentials.SslCredentials.RootCerts.Filename, Is.EqualTo("/etc/istio/root-cert.pem"));
        Assert.That(google.CredentialsFactoryName, Is.EqualTo("envoy.grpc_credentials.file_based_metadata"));
        var plugin = google.CallCredentials.Single().FromPlugin;
        Assert.That(plugin.Name, Is.EqualTo("envoy.grpc_credentials.file_based_metadata"));
        var token = plugin.TypedConfig.Unpack<Envoy.Config.GrpcCredential.V3.FileBasedMetadataConfig>();
        Assert.That(token.SecretData.Filename, Is.EqualTo("/var/run/secrets/tokens/istio-token"));
        Assert.That(token.HeaderPrefix, Is.EqualTo("Bearer "));
        Assert.That(google.ChannelArgs.Args["grpc.ssl_target_name_override"].StringValue, Is.EqualTo("istiod.istio-system.svc"), "dialling an IP, the certificate still names istiod");
        Assert.That(bootstrap.StaticResources.Clusters.Select(c => c.Name), Is.EqualTo(new[] { "prometheus_stats" }), "no plaintext path to the control plane");
    }

    [Test]
    public void A_router_bootstrap_says_router()
    {
        var bootstrap = EnvoyBootstrapBuilder.Build(Sidecar(o => o with { Type = BootstrapProxyType.Router, PodName = "istio-ingressgateway-5f7d", Namespace = "istio-system" }));

        Assert.That(bootstrap.Node.Id, Is.EqualTo("router~10.1.1.1~istio-ingressgateway-5f7d.istio-system~istio-system.svc.cluster.local"));
    }

    [TestCase(false, BootstrapProxyType.Sidecar)]
    [TestCase(true, BootstrapProxyType.Sidecar)]
    [TestCase(false, BootstrapProxyType.Router)]
    [TestCase(true, BootstrapProxyType.Router)]
    public void Every_variant_passes_envoys_validate_rules(bool secure, BootstrapProxyType type)
    {
        var bootstrap = EnvoyBootstrapBuilder.Build(Sidecar(o => o with { Secure = secure, Type = type }));

        Assert.That(new ProtoRulesChecker().Check(bootstrap).Select(v => v.ToString()), Is.Empty);
    }

    [TestCase(BootstrapFormat.Json)]
    [TestCase(BootstrapFormat.Yaml)]
    public void The_written_text_parses_back_to_the_same_message(BootstrapFormat format)
    {
        var bootstrap = EnvoyBootstrapBuilder.Build(Sidecar(o => o with { Secure = true }));

        var text = BootstrapWriter.Write(bootstrap, format);
        var json = format == BootstrapFormat.Json ? text : YamlJsonReader.Read(text).Documents.Single().Root!.ToJsonString();
        var parsed = new JsonParser(JsonParser.Settings.Default.WithTypeRegistry(ProtoTypes.Registry)).Parse<BootstrapMessage>(json);

        Assert.That(parsed, Is.EqualTo(bootstrap));
    }

    [TestCase("istiod:0", "port from 1 to 65535")]
    [TestCase("istiod", "host:port")]
    [TestCase("bad_host:15010", "neither an IP address nor a host name")]
    public void A_bad_discovery_address_is_named(string address, string expected)
    {
        Assert.That(() => EnvoyBootstrapBuilder.Build(Sidecar(o => o with { DiscoveryAddress = address })),
            Throws.TypeOf<BootstrapOptionsException>().With.Message.Contain(address).And.Message.Contain(expected));
    }

    [Test]
    public void Bad_identity_options_are_named()
    {
        Assert.That(() => EnvoyBootstrapBuilder.Build(Sidecar(o => o with { PodName = "a.b" })), Throws.TypeOf<BootstrapOptionsException>().With.Message.Contain("pod name 'a.b'"));
        Assert.That(() => EnvoyBootstrapBuilder.Build(Sidecar(o => o with { Namespace = "Prod" })), Throws.TypeOf<BootstrapOptionsException>().With.Message.Contain("namespace 'Prod'"));
        Assert.That(() => EnvoyBootstrapBuilder.Build(Sidecar(o => o with { IpAddresses = ["10.0.0"] })), Throws.TypeOf<BootstrapOptionsException>().With.Message.Contain("'10.0.0' is not an IP address"));
    }
}
