using Envoy.Config.Cluster.V3;
using Envoy.Config.Common.Matcher.V3;
using Envoy.Config.Core.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Rbac.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Envoy.Extensions.Filters.Network.TcpProxy.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Istiod.Net.Xds.Validation;
using Cluster = Envoy.Config.Cluster.V3.Cluster;
using Filter = Envoy.Config.Listener.V3.Filter;

namespace Istiod.Net.Tests.Xds.Validation;

/// <summary>
/// One or more real Envoy messages per rule kind of validate.proto, each broken the way a generator bug
/// would break it, and the same messages made right pass.
/// </summary>
public sealed class ProtoRulesCheckerTests
{
    private readonly ProtoRulesChecker _checker = new();

    private string[] Violations(IMessage message) => [.. _checker.Check(message).Select(v => v.ToString())];

    private static Cluster GoodCluster() => new()
    {
        Name = "outbound|9080||reviews.default.svc.cluster.local",
        Type = Cluster.Types.DiscoveryType.Eds,
        ConnectTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(10)),
        EdsClusterConfig = new Cluster.Types.EdsClusterConfig { EdsConfig = new ConfigSource { Ads = new AggregatedConfigSource() } },
    };

    [Test]
    public void A_valid_cluster_passes()
    {
        Assert.That(Violations(GoodCluster()), Is.Empty);
    }

    [Test]
    public void String_min_len_on_an_empty_cluster_name()
    {
        var cluster = GoodCluster();
        cluster.Name = "";

        Assert.That(Violations(cluster), Is.EqualTo(new[] { "name: value length must be at least 1" }));
    }

    [Test]
    public void Duration_gt_zero_refuses_a_zero_connect_timeout_and_every_duration_must_be_non_negative()
    {
        var cluster = GoodCluster();
        cluster.ConnectTimeout = new Duration();
        cluster.DnsRefreshRate = new Duration { Seconds = -1 };

        Assert.That(Violations(cluster), Is.EquivalentTo(new[]
        {
            "connect_timeout: value must be greater than 0s",
            "dns_refresh_rate: duration must not be negative",
        }));
    }

    [Test]
    public void Enum_defined_only_refuses_an_unknown_number()
    {
        var cluster = GoodCluster();
        cluster.LbPolicy = (Cluster.Types.LbPolicy)99;

        Assert.That(Violations(cluster), Is.EqualTo(new[] { "lb_policy: value must be one of the defined values of envoy.config.cluster.v3.Cluster.LbPolicy" }));
    }

    [Test]
    public void Http_connection_manager_without_stat_prefix_or_route_source()
    {
        var manager = new HttpConnectionManager();

        Assert.That(Violations(manager), Is.EquivalentTo(new[]
        {
            "route_specifier: exactly one of rds, route_config, scoped_routes must be set",
            "stat_prefix: value length must be at least 1",
        }));
    }

    [Test]
    public void Paths_go_through_lists_and_into_any_with_the_packed_type_named()
    {
        var listener = new Listener
        {
            Name = "0.0.0.0_9080",
            Address = new Address { SocketAddress = new SocketAddress { Address = "0.0.0.0", PortValue = 9080 } },
            FilterChains =
            {
                new FilterChain
                {
                    Filters =
                    {
                        new Filter { Name = "ok", TypedConfig = Any.Pack(new TcpProxy { StatPrefix = "s", Cluster = "c" }) },
                        new Filter { Name = "envoy.filters.network.tcp_proxy", TypedConfig = Any.Pack(new TcpProxy { StatPrefix = "s" }) },
                    },
                },
            },
        };

        Assert.That(Violations(listener), Is.EqualTo(new[]
        {
            "filter_chains[0].filters[1].typed_config<envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy>.cluster_specifier: exactly one of cluster, weighted_clusters must be set",
        }));
    }

    [Test]
    public void An_any_of_an_unknown_type_is_refused()
    {
        var filter = new Filter { Name = "x", TypedConfig = new Any { TypeUrl = "type.googleapis.com/istio.envoy.config.filter.http.Nope", Value = ByteString.Empty } };

        Assert.That(Violations(filter), Is.EqualTo(new[]
        {
            "typed_config: unknown type istio.envoy.config.filter.http.Nope: no proto of that name is known, so Envoy would reject it",
        }));
    }

    [Test]
    public void An_any_whose_bytes_do_not_decode_is_refused()
    {
        var filter = new Filter { Name = "x", TypedConfig = new Any { TypeUrl = "type.googleapis.com/" + TcpProxy.Descriptor.FullName, Value = ByteString.CopyFrom(0xFF, 0xFF, 0xFF) } };

        Assert.That(Violations(filter), Has.Length.EqualTo(1).And.Some.StartsWith("typed_config: value is not a valid envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy"));
    }

    [Test]
    public void Any_required_on_a_typed_extension_config()
    {
        var extension = new TypedExtensionConfig { Name = "envoy.filters.http.router" };

        Assert.That(Violations(extension), Is.EqualTo(new[] { "typed_config: value is required" }));
    }

    [Test]
    public void Lenient_header_name_refuses_a_newline_in_a_route_header_to_add()
    {
        var routes = new RouteConfiguration { Name = "9080" };
        routes.RequestHeadersToAdd.Add(new HeaderValueOption { Header = new HeaderValue { Key = "x-evil\nset-cookie", Value = "1" } });
        routes.RequestHeadersToRemove.Add("x-ok");

        Assert.That(Violations(routes), Is.EqualTo(new[] { "request_headers_to_add[0].header.key: value must not contain NUL, CR or LF" }));
    }

    [Test]
    public void Strict_header_name_refuses_a_space()
    {
        var config = new Envoy.Extensions.Http.OriginalIpDetection.CustomHeader.V3.CustomHeaderConfig { HeaderName = "x forwarded" };

        Assert.That(Violations(config), Is.EqualTo(new[] { "header_name: value must be a valid HTTP header name" }));
        config.HeaderName = "x-real-ip";
        Assert.That(Violations(config), Is.Empty);
    }

    [Test]
    public void Ignore_empty_skips_the_rules_of_an_empty_string()
    {
        var headers = new Envoy.Extensions.GeoipProviders.Common.V3.CommonGeoipProviderConfig.Types.GeolocationHeadersToAdd { Country = "" , City = "bad header" };

        Assert.That(Violations(headers), Is.EqualTo(new[] { "city: value must be a valid HTTP header name" }));
    }

    [Test]
    public void Pattern_is_matched_with_re2_end_of_text()
    {
        var maxmind = new Envoy.Extensions.GeoipProviders.Maxmind.V3.MaxMindConfig
        {
            CityDbPath = "/data/city.mmdb",
            IspDbPath = "/data/isp.mmdb\n",
            AnonDbPath = "",
            CommonProviderConfig = new Envoy.Extensions.GeoipProviders.Common.V3.CommonGeoipProviderConfig
            {
                GeoHeadersToAdd = new() { Country = "x-country" },
            },
        };

        // RE2's $ is the end of the text: a trailing newline does not match ".mmdb$" (it would in .NET).
        Assert.That(Violations(maxmind), Is.EqualTo(new[] { "isp_db_path: value does not match pattern \"^$|^.*\\.mmdb$\"" }));
    }

    [Test]
    public void Repeated_min_items_on_virtual_host_domains()
    {
        var host = new VirtualHost { Name = "reviews" };

        Assert.That(Violations(host), Is.EqualTo(new[] { "domains: value must contain at least 1 items" }));
    }

    [Test]
    public void Repeated_unique_and_item_rules()
    {
        var policy = new InternalRedirectPolicy { ResponseHeadersToCopy = { "x-a", "x-a", "x\r" } };

        Assert.That(Violations(policy), Is.EqualTo(new[]
        {
            "response_headers_to_copy: repeated value must contain unique items",
            "response_headers_to_copy[2]: value must not contain NUL, CR or LF",
        }));
    }

    [Test]
    public void Map_keys_and_min_pairs()
    {
        var metadata = new Metadata();
        metadata.FilterMetadata[""] = new Struct();
        metadata.FilterMetadata["istio"] = new Struct();
        var tree = new Matcher.Types.MatcherTree
        {
            Input = new TypedExtensionConfig { Name = "in", TypedConfig = Any.Pack(new Envoy.Type.Matcher.V3.HttpRequestHeaderMatchInput { HeaderName = "x" }) },
            ExactMatchMap = new Matcher.Types.MatcherTree.Types.MatchMap(),
        };

        Assert.That(Violations(metadata), Is.EqualTo(new[] { "filter_metadata[\"\"]: value length must be at least 1" }));
        Assert.That(Violations(tree), Is.EqualTo(new[] { "exact_match_map.map: value must contain at least 1 pairs" }));
    }

    [Test]
    public void Double_range_on_a_percent()
    {
        Assert.That(Violations(new Envoy.Type.V3.Percent { Value = 150 }), Is.EqualTo(new[] { "value: value must be inside range [0, 100]" }));
        Assert.That(Violations(new Envoy.Type.V3.Percent { Value = double.NaN }), Has.Length.EqualTo(1), "NaN is in no range");
        Assert.That(Violations(new Envoy.Type.V3.Percent { Value = 100 }), Is.Empty);
    }

    [Test]
    public void Wrapper_rules_apply_to_the_wrapped_value_when_set()
    {
        var policy = new Envoy.Extensions.LoadBalancingPolicies.ClientSideWeightedRoundRobin.V3.ClientSideWeightedRoundRobin();
        Assert.That(Violations(policy), Is.Empty, "unset wrapper: nothing to check");

        policy.ErrorUtilizationPenalty = -0.5f;
        Assert.That(Violations(policy), Is.EqualTo(new[] { "error_utilization_penalty: value must be greater than or equal to 0" }));
    }

    [Test]
    public void Bool_const_on_a_oneof_member_only_when_it_is_the_set_case()
    {
        Assert.That(Violations(new Permission { Any = false }), Is.EqualTo(new[] { "any: value must equal true" }));
        Assert.That(Violations(new Permission { Any = true }), Is.Empty);
        Assert.That(Violations(new Permission()), Is.EqualTo(new[] { "rule: exactly one of and_rules, or_rules, any, header, url_path, destination_ip, destination_port, destination_port_range, metadata, not_rule, requested_server_name, matcher, uri_template must be set" }));
    }

    [Test]
    public void Bytes_max_len_on_a_raw_header_value()
    {
        var header = new HeaderValue { Key = "x", RawValue = ByteString.CopyFrom(new byte[16385]) };

        Assert.That(Violations(header), Is.EqualTo(new[] { "raw_value: value must be at most 16384 bytes long" }));
    }

    [Test]
    public void Uint32_rules_on_a_socket_address_port()
    {
        var address = new SocketAddress { Address = "10.0.0.1", PortValue = 70000 };

        Assert.That(Violations(address), Is.EqualTo(new[] { "port_value: value must be less than or equal to 65535" }));
    }

    [Test]
    public void Violations_stop_at_the_limit()
    {
        var checker = new ProtoRulesChecker(limit: 2);
        var routes = new RouteConfiguration();
        for (var i = 0; i < 10; i++)
        {
            routes.VirtualHosts.Add(new VirtualHost());
        }

        Assert.That(checker.Check(routes), Has.Count.EqualTo(2));
    }

    [Test]
    public void An_any_at_the_top_is_unpacked_and_checked()
    {
        Assert.That(Violations(Any.Pack(new Cluster())), Does.Contain("<envoy.config.cluster.v3.Cluster>.name: value length must be at least 1"));
    }
}
