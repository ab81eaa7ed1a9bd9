using Istiod.Net.Config.Model;

namespace Istiod.Net.Xds.Generation.Routes;

/// <summary>A server of a Gateway that selects the proxy, with the gateway's <c>namespace/name</c>.</summary>
public sealed record SelectedGatewayServer(ConfigObject Gateway, Server Server)
{
    public string Reference => GatewayReference.Of(Gateway.Meta.Namespace, Gateway.Meta.Name);

    public uint Port => Server.Port?.Number ?? 0;

    public string Protocol => Server.Port?.Protocol?.ToUpperInvariant() ?? "";

    /// <summary>Plain HTTP (HTTP, HTTP2, gRPC): routed by <c>http.&lt;port&gt;</c>.</summary>
    public bool IsPlainHttp => Protocol is "HTTP" or "HTTP2" or "GRPC" or "GRPC-WEB";

    /// <summary>HTTPS terminated here: routed by its own <c>https.…</c> configuration.</summary>
    public bool IsTerminatedHttps =>
        Protocol == "HTTPS" && Server.Tls?.Mode is not (ServerTlsMode.Passthrough or ServerTlsMode.AutoPassthrough);

    public bool HttpsRedirect => Server.Tls?.HttpsRedirect == true;

    /// <summary>The name of the route configuration this server's listener asks for, or null for non-HTTP servers.</summary>
    public string? RouteName =>
        IsPlainHttp ? GatewayRouteName.ForHttp(Port)
        : IsTerminatedHttps ? GatewayRouteName.ForHttps(Port, Server.Port?.Name ?? "", Gateway.Meta.Name, Gateway.Meta.Namespace)
        : null;
}
