namespace Istiod.Net.Xds.Generation.Routes;

/// <summary>Which service port protocols Envoy routes as HTTP (and so get a RouteConfiguration).</summary>
public static class HttpProtocols
{
    /// <summary>
    /// HTTP, HTTP2, gRPC and gRPC-Web. An empty protocol is a port whose protocol is sniffed, whose HTTP
    /// traffic still needs routes.
    /// </summary>
    public static bool IsHttp(string? protocol) =>
        string.IsNullOrEmpty(protocol)
        || protocol.Equals("HTTP", StringComparison.OrdinalIgnoreCase)
        || protocol.Equals("HTTP2", StringComparison.OrdinalIgnoreCase)
        || protocol.Equals("GRPC", StringComparison.OrdinalIgnoreCase)
        || protocol.Equals("GRPC-WEB", StringComparison.OrdinalIgnoreCase);
}
