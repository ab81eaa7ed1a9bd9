namespace Istiod.Net.Xds.Generation.Listeners;

/// <summary>
/// Istio's protocol selection: an explicit protocol (ServiceEntry protocol, appProtocol) when it names one
/// Istio knows, otherwise the port name's prefix before the first '-' ("http-web", "grpc"), otherwise unknown.
/// </summary>
public static class ServiceProtocols
{
    public static ServiceProtocol Of(string? protocol, string? portName)
    {
        var parsed = Parse(protocol);
        if (parsed != ServiceProtocol.Unknown)
        {
            return parsed;
        }

        if (string.IsNullOrEmpty(portName))
        {
            return ServiceProtocol.Unknown;
        }

        var dash = portName.IndexOf('-');
        return Parse(dash < 0 ? portName : portName[..dash]);
    }

    public static ServiceProtocol Parse(string? name) => name?.ToLowerInvariant() switch
    {
        "http" or "http1" or "http/1.1" => ServiceProtocol.Http,
        "http2" or "h2c" or "kubernetes.io/h2c" => ServiceProtocol.Http2,
        "grpc" => ServiceProtocol.Grpc,
        "grpc-web" => ServiceProtocol.GrpcWeb,
        "https" => ServiceProtocol.Https,
        "tls" => ServiceProtocol.Tls,
        "tcp" => ServiceProtocol.Tcp,
        "mongo" => ServiceProtocol.Mongo,
        "redis" => ServiceProtocol.Redis,
        "mysql" => ServiceProtocol.Mysql,
        _ => ServiceProtocol.Unknown,
    };

    /// <summary>Served by an HttpConnectionManager.</summary>
    public static bool IsHttp(this ServiceProtocol protocol) =>
        protocol is ServiceProtocol.Http or ServiceProtocol.Http2 or ServiceProtocol.Grpc or ServiceProtocol.GrpcWeb;

    /// <summary>TLS from the application: routed by SNI, never terminated by a sidecar.</summary>
    public static bool IsTls(this ServiceProtocol protocol) => protocol is ServiceProtocol.Https or ServiceProtocol.Tls;

    /// <summary>Opaque bytes to the proxy: tcp_proxy (TLS, TCP and the protocols Istio forwards as TCP).</summary>
    public static bool IsTcp(this ServiceProtocol protocol) => !protocol.IsHttp() && protocol != ServiceProtocol.Unknown;
}
