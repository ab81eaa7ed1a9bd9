using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Istiod.Net.Xds.Generation.Routes;

/// <summary>
/// The names a sidecar's application may use for a service on one port, as Istio lists them in a virtual
/// host: the FQDN, the Kubernetes short forms the proxy's resolver completes (<c>name.namespace.svc</c>,
/// <c>name.namespace</c>, and <c>name</c> from the service's own namespace), the service addresses; each
/// with and without <c>:port</c>.
/// </summary>
public static class SidecarVirtualHostDomains
{
    public static IReadOnlyList<string> For(string host, uint port, IReadOnlyList<string> addresses, string proxyNamespace, string dnsDomain)
    {
        var names = new List<string> { host };
        var kubernetesSuffix = $".svc.{dnsDomain}";
        if (!host.StartsWith('*') && host.EndsWith(kubernetesSuffix, StringComparison.Ordinal))
        {
            var stem = host[..^kubernetesSuffix.Length];
            var dot = stem.IndexOf('.');
            if (dot > 0 && dot == stem.LastIndexOf('.'))
            {
                names.Add($"{stem}.svc");
                names.Add(stem);
                if (stem[(dot + 1)..] == proxyNamespace)
                {
                    names.Add(stem[..dot]);
                }
            }
        }

        foreach (var address in addresses)
        {
            if (IPAddress.TryParse(address, out var ip) && !ip.Equals(IPAddress.Any) && !ip.Equals(IPAddress.IPv6Any))
            {
                names.Add(ip.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{ip}]" : ip.ToString());
            }
        }

        var portText = port.ToString(CultureInfo.InvariantCulture);
        return names.SelectMany(n => new[] { n, $"{n}:{portText}" }).Distinct(StringComparer.Ordinal).ToList();
    }
}
