using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Google.Protobuf.WellKnownTypes;
using Istiod.Net.Config.Model;
using ServicePort = Istiod.Net.Registry.ServicePort;
using EnvoyHttpOptions = Envoy.Extensions.Upstreams.Http.V3.HttpProtocolOptions;
using EnvoyTcpKeepalive = Envoy.Config.Core.V3.TcpKeepalive;

namespace Istiod.Net.Xds.Generation.Clusters;

/// <summary>
/// A DestinationRule connectionPool and the port's protocol as cluster settings: connect timeout, TCP
/// keepalive, circuit-breaker thresholds (Istio leaves every limit at the maximum unless set, so Envoy's own
/// small defaults of 1024 never bite), and the upstream HTTP protocol options (HTTP/2 for http2/grpc ports or
/// h2UpgradePolicy UPGRADE, the client's protocol with useClientProtocol, idle timeout, requests per connection).
/// </summary>
public static class ConnectionPoolTranslator
{
    public const string HttpProtocolOptionsKey = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";

    public static void Apply(Cluster cluster, ConnectionPoolSettings? pool, ServicePort? port, TimeSpan defaultConnectTimeout)
    {
        cluster.ConnectTimeout = Duration.FromTimeSpan(
            IstioDuration.TryParse(pool?.Tcp?.ConnectTimeout, out var connect) && connect > TimeSpan.Zero ? connect : defaultConnectTimeout);

        var thresholds = new CircuitBreakers.Types.Thresholds
        {
            MaxConnections = Limit(pool?.Tcp?.MaxConnections),
            MaxPendingRequests = Limit(pool?.Http?.Http1MaxPendingRequests),
            MaxRequests = Limit(pool?.Http?.Http2MaxRequests),
            MaxRetries = Limit(pool?.Http?.MaxRetries),
            TrackRemaining = true,
        };
        cluster.CircuitBreakers = new CircuitBreakers { Thresholds = { thresholds } };

        if (pool?.Tcp?.TcpKeepalive is { } keepalive)
        {
            var tcp = new EnvoyTcpKeepalive();
            if (keepalive.Probes is { } probes)
            {
                tcp.KeepaliveProbes = probes;
            }

            if (IstioDuration.TryParse(keepalive.Time, out var time))
            {
                tcp.KeepaliveTime = (uint)Math.Max(1, time.TotalSeconds);
            }

            if (IstioDuration.TryParse(keepalive.Interval, out var interval))
            {
                tcp.KeepaliveInterval = (uint)Math.Max(1, interval.TotalSeconds);
            }

            cluster.UpstreamConnectionOptions = new UpstreamConnectionOptions { TcpKeepalive = tcp };
        }

        if (HttpOptions(pool, port) is { } options)
        {
            cluster.TypedExtensionProtocolOptions[HttpProtocolOptionsKey] = Any.Pack(options);
        }
    }

    public static bool IsHttp2(string protocol) =>
        protocol.ToUpperInvariant() is "HTTP2" or "GRPC" or "GRPC-WEB";

    public static bool IsHttp(string protocol) =>
        IsHttp2(protocol) || protocol.ToUpperInvariant() == "HTTP";

    /// <summary>Forwards in whatever HTTP version the downstream spoke: what passthrough clusters need.</summary>
    public static EnvoyHttpOptions DownstreamProtocol() => new()
    {
        UseDownstreamProtocolConfig = new EnvoyHttpOptions.Types.UseDownstreamHttpConfig
        {
            HttpProtocolOptions = new Http1ProtocolOptions(),
            Http2ProtocolOptions = new Http2ProtocolOptions(),
        },
    };

    private static EnvoyHttpOptions? HttpOptions(ConnectionPoolSettings? pool, ServicePort? port)
    {
        var http = pool?.Http;
        var protocol = port?.Protocol ?? "";
        var isHttp = IsHttp(protocol);
        var http2 = IsHttp2(protocol)
            || isHttp && string.Equals(http?.H2UpgradePolicy, "UPGRADE", StringComparison.OrdinalIgnoreCase);
        var common = Common(pool);
        if (!http2 && (!isHttp || common is null && http?.UseClientProtocol != true))
        {
            return null;
        }

        var options = new EnvoyHttpOptions();
        if (common is not null)
        {
            options.CommonHttpProtocolOptions = common;
        }

        var h2 = Http2(http);
        if (http?.UseClientProtocol == true)
        {
            options.UseDownstreamProtocolConfig = new EnvoyHttpOptions.Types.UseDownstreamHttpConfig
            {
                HttpProtocolOptions = new Http1ProtocolOptions(),
                Http2ProtocolOptions = h2,
            };
        }
        else
        {
            options.ExplicitHttpConfig = http2
                ? new EnvoyHttpOptions.Types.ExplicitHttpConfig { Http2ProtocolOptions = h2 }
                : new EnvoyHttpOptions.Types.ExplicitHttpConfig { HttpProtocolOptions = new Http1ProtocolOptions() };
        }

        return options;
    }

    private static HttpProtocolOptions? Common(ConnectionPoolSettings? pool)
    {
        HttpProtocolOptions? common = null;
        if (IstioDuration.ToProto(pool?.Http?.IdleTimeout) is { } idle)
        {
            (common ??= new HttpProtocolOptions()).IdleTimeout = idle;
        }

        if (pool?.Http?.MaxRequestsPerConnection is > 0 and var perConnection)
        {
            (common ??= new HttpProtocolOptions()).MaxRequestsPerConnection = (uint)perConnection;
        }

        if (IstioDuration.ToProto(pool?.Tcp?.MaxConnectionDuration) is { } lifetime)
        {
            (common ??= new HttpProtocolOptions()).MaxConnectionDuration = lifetime;
        }

        return common;
    }

    private static Http2ProtocolOptions Http2(HttpSettings? http)
    {
        var h2 = new Http2ProtocolOptions();
        if (http?.MaxConcurrentStreams is > 0 and var streams)
        {
            h2.MaxConcurrentStreams = (uint)streams;
        }

        if (IstioDuration.ToProto(http?.Http2KeepAlive?.Interval) is { } interval)
        {
            h2.ConnectionKeepalive = new KeepaliveSettings
            {
                Interval = interval,
                Timeout = IstioDuration.ToProto(http?.Http2KeepAlive?.Timeout) ?? Duration.FromTimeSpan(TimeSpan.FromSeconds(20)),
            };
        }

        return h2;
    }

    /// <summary>Unset or non-positive limits stay at the maximum, as in Istio.</summary>
    private static uint Limit(int? value) => value is > 0 and var v ? (uint)v : uint.MaxValue;
}
