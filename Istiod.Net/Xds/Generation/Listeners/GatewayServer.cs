using System.Globalization;
using Istiod.Net.Config.Model;

namespace Istiod.Net.Xds.Generation.Listeners;

/// <summary>One server of a selected Gateway, with the gateway it belongs to.</summary>
public sealed record GatewayServer(ConfigObject Gateway, Server Server, uint Port, GatewayServerKind Kind)
{
    public string GatewayRef => $"{Gateway.Meta.Namespace}/{Gateway.Meta.Name}";

    /// <summary>Server hosts without their namespace part ("ns/host" → "host").</summary>
    public IReadOnlyList<string> Hosts => (Server.Hosts ?? []).Select(h => h[(h.IndexOf('/') + 1)..]).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The RDS name of a terminated HTTPS server: <c>https.port.portName.gateway.namespace</c>.</summary>
    public string HttpsRouteName =>
        $"https.{Port.ToString(CultureInfo.InvariantCulture)}.{Server.Port?.Name}.{Gateway.Meta.Name}.{Gateway.Meta.Namespace}";

    public static GatewayServerKind KindOf(Server server)
    {
        var protocol = (server.Port?.Protocol ?? "").ToUpperInvariant();
        var passthrough = server.Tls?.Mode is ServerTlsMode.Passthrough or ServerTlsMode.AutoPassthrough;
        return protocol switch
        {
            "HTTP" or "HTTP2" or "GRPC" or "GRPC-WEB" => GatewayServerKind.PlainHttp,
            "HTTPS" => passthrough ? GatewayServerKind.Passthrough : GatewayServerKind.TerminatedHttps,
            "TLS" => passthrough ? GatewayServerKind.Passthrough : GatewayServerKind.TerminatedTcp,
            _ => GatewayServerKind.PlainTcp,
        };
    }

    /// <summary>
    /// Whether a server host admits a VirtualService: its namespace part ("*", "." for the gateway's own, or
    /// a name) admits the VirtualService's namespace, and its host part overlaps one of its hosts.
    /// </summary>
    public bool Admits(ConfigObject virtualService, IEnumerable<string> vsHosts)
    {
        var hosts = vsHosts.ToList();
        foreach (var entry in Server.Hosts ?? [])
        {
            var slash = entry.IndexOf('/');
            var ns = slash < 0 ? "*" : entry[..slash];
            var host = entry[(slash + 1)..];
            var namespaceOk = ns == "*" || (ns == "." ? virtualService.Meta.Namespace == Gateway.Meta.Namespace : virtualService.Meta.Namespace == ns);
            if (namespaceOk && hosts.Any(h => Registry.Hostnames.Overlap(host, h)))
            {
                return true;
            }
        }

        return false;
    }
}
