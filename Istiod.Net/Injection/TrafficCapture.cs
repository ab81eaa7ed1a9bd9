using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Istiod.Net.Injection;

/// <summary>
/// The iptables rules <c>istio-init</c> runs, from the pod's <c>traffic.sidecar.istio.io/*</c> annotations.
/// Every annotation value is parsed into numbers or CIDRs before it reaches the script, so nothing a pod
/// author writes is ever run as shell text.
/// </summary>
public sealed record TrafficCapture(
    IReadOnlyList<int> ExcludeInboundPorts,
    IReadOnlyList<int>? IncludeInboundPorts,
    IReadOnlyList<int> ExcludeOutboundPorts,
    IReadOnlyList<string> ExcludeOutboundIpRanges)
{
    /// <summary>Envoy's own ports: admin, Prometheus and health never go through the inbound listener.</summary>
    public static readonly IReadOnlyList<int> ProxyPorts = [15000, 15090, 15021, 15020];

    public static TrafficCapture FromAnnotations(JsonObject? annotations)
    {
        var include = Text(annotations, InjectionNames.IncludeInboundPorts);
        return new TrafficCapture(
            Ports(annotations, InjectionNames.ExcludeInboundPorts),
            include is null or "*" ? null : Ports(annotations, InjectionNames.IncludeInboundPorts),
            Ports(annotations, InjectionNames.ExcludeOutboundPorts),
            Ranges(annotations, InjectionNames.ExcludeOutboundIpRanges));
    }

    public string Script()
    {
        var s = new StringBuilder();
        s.AppendLine("set -eu");
        // Nothing is fetched: a pod may have no egress, and the init container must not depend on a registry
        // mirror at every start. An image without iptables fails here, saying so, before any rule is half made.
        s.AppendLine("command -v iptables >/dev/null 2>&1 || { echo 'istio-init: the init image has no iptables; use one that does (e.g. istio/proxyv2)' >&2; exit 1; }");
        s.AppendLine("ipt() { iptables -t nat \"$@\"; }");
        foreach (var chain in new[] { "ISTIO_INBOUND", "ISTIO_IN_REDIRECT", "ISTIO_OUTPUT", "ISTIO_REDIRECT" })
        {
            s.AppendLine($"ipt -N {chain}");
        }

        s.AppendLine($"ipt -A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports {InjectionNames.OutboundCapturePort}");
        s.AppendLine($"ipt -A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports {InjectionNames.InboundCapturePort}");

        s.AppendLine("ipt -A PREROUTING -p tcp -j ISTIO_INBOUND");
        foreach (var port in ProxyPorts.Concat(ExcludeInboundPorts).Distinct())
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"ipt -A ISTIO_INBOUND -p tcp --dport {port} -j RETURN");
        }

        if (IncludeInboundPorts is null)
        {
            s.AppendLine("ipt -A ISTIO_INBOUND -p tcp -j ISTIO_IN_REDIRECT");
        }
        else
        {
            foreach (var port in IncludeInboundPorts)
            {
                s.AppendLine(CultureInfo.InvariantCulture, $"ipt -A ISTIO_INBOUND -p tcp --dport {port} -j ISTIO_IN_REDIRECT");
            }
        }

        var uid = InjectionNames.ProxyUid;
        s.AppendLine("ipt -A OUTPUT -p tcp -j ISTIO_OUTPUT");
        // Envoy's inbound listener connects to the app from 127.0.0.6; that must reach the app untouched.
        s.AppendLine("ipt -A ISTIO_OUTPUT -o lo -s 127.0.0.6/32 -j RETURN");
        // The proxy calling its own pod IP over lo is inbound traffic and goes through the inbound listener.
        s.AppendLine($"ipt -A ISTIO_OUTPUT -o lo ! -d 127.0.0.1/32 -m owner --uid-owner {uid} -j ISTIO_IN_REDIRECT");
        s.AppendLine($"ipt -A ISTIO_OUTPUT -o lo -m owner ! --uid-owner {uid} -j RETURN");
        // Envoy's own upstream connections must leave as they are, or they would loop back into it.
        s.AppendLine($"ipt -A ISTIO_OUTPUT -m owner --uid-owner {uid} -j RETURN");
        s.AppendLine($"ipt -A ISTIO_OUTPUT -m owner --gid-owner {uid} -j RETURN");
        s.AppendLine("ipt -A ISTIO_OUTPUT -d 127.0.0.1/32 -j RETURN");
        foreach (var port in ExcludeOutboundPorts)
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"ipt -A ISTIO_OUTPUT -p tcp --dport {port} -j RETURN");
        }

        foreach (var range in ExcludeOutboundIpRanges)
        {
            s.AppendLine($"ipt -A ISTIO_OUTPUT -d {range} -j RETURN");
        }

        s.AppendLine("ipt -A ISTIO_OUTPUT -j ISTIO_REDIRECT");
        return s.ToString();
    }

    private static string? Text(JsonObject? annotations, string key) =>
        annotations?[key] is JsonValue value && value.TryGetValue(out string? text) ? text.Trim() : null;

    private static List<int> Ports(JsonObject? annotations, string key)
    {
        var ports = new List<int>();
        foreach (var part in Parts(Text(annotations, key)))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            {
                throw new SidecarInjectionException($"metadata.annotations[{key}]: '{part}' is not a port from 1 to 65535");
            }

            ports.Add(port);
        }

        return ports;
    }

    private static List<string> Ranges(JsonObject? annotations, string key)
    {
        var ranges = new List<string>();
        foreach (var part in Parts(Text(annotations, key)))
        {
            if (part == "*")
            {
                ranges.Add("0.0.0.0/0");
                continue;
            }

            if (!IPNetwork.TryParse(part, out var network) || network.BaseAddress.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
            {
                throw new SidecarInjectionException($"metadata.annotations[{key}]: '{part}' is not an IPv4 CIDR");
            }

            ranges.Add(network.ToString());
        }

        return ranges;
    }

    private static IEnumerable<string> Parts(string? text) =>
        (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
