namespace Istiod.Net.Xds.Generation.Listeners;

/// <summary>Names of the upstream Envoy listener and network filters the generated listeners use.</summary>
public static class EnvoyFilterNames
{
    public const string OriginalDst = "envoy.filters.listener.original_dst";
    public const string TlsInspector = "envoy.filters.listener.tls_inspector";
    public const string HttpInspector = "envoy.filters.listener.http_inspector";
    public const string HttpConnectionManager = "envoy.filters.network.http_connection_manager";
    public const string TcpProxy = "envoy.filters.network.tcp_proxy";

    /// <summary>Transport protocols the tls_inspector reports, matched by filter_chain_match.transport_protocol.</summary>
    public const string TransportTls = "tls";
    public const string TransportRaw = "raw_buffer";
}
