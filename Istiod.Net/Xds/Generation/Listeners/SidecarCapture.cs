using System.Net;
using System.Net.Sockets;
using Istiod.Net.Config.Model;

namespace Istiod.Net.Xds.Generation.Listeners;

/// <summary>
/// Where a Sidecar's listeners bind and whether they bind at all, after Istio: a listener whose traffic is
/// captured (iptables) is only a match target of virtualOutbound/virtualInbound (bind_to_port false); one that
/// is not (the proxy's INTERCEPTION_MODE is NONE, or the listener's captureMode is NONE) owns a real socket.
/// </summary>
public static class SidecarCapture
{
    public const string Localhost = "127.0.0.1";
    public const string UnixPrefix = "unix://";
    public const string CaptureNone = "NONE";

    public static InterceptionMode ModeOf(GenerationContext context) => context.Workload?.InterceptionMode ?? InterceptionMode.Redirect;

    /// <summary>
    /// An egress listener binds its port when the proxy captures nothing (its own captureMode then does not
    /// matter), when it asks for captureMode NONE, or when it binds a unix socket, which original_dst cannot reach.
    /// </summary>
    public static bool EgressBindsToPort(IstioEgressListener? listener, InterceptionMode mode) =>
        mode == InterceptionMode.None
        || listener?.CaptureMode == CaptureNone
        || listener?.Bind?.StartsWith(UnixPrefix, StringComparison.Ordinal) == true;

    /// <summary>The egress listener's address: its bind, else loopback when it binds a real port, else none (VIPs and 0.0.0.0 as usual).</summary>
    public static string? EgressBind(IstioEgressListener? listener, bool bindToPort) =>
        listener?.Bind is { Length: > 0 } bind ? bind : bindToPort ? Localhost : null;

    /// <summary>An ingress listener's own captureMode wins; DEFAULT (or none) follows the proxy.</summary>
    public static bool IngressBindsToPort(IstioIngressListener listener, InterceptionMode mode) =>
        listener.CaptureMode is null or "" or "DEFAULT" ? mode == InterceptionMode.None : listener.CaptureMode == CaptureNone;

    /// <summary>The ingress listener's bind, else the proxy's first global unicast address, else 0.0.0.0.</summary>
    public static string IngressBind(IstioIngressListener listener, ProxyWorkload? workload)
    {
        if (listener.Bind is { Length: > 0 } bind)
        {
            return bind;
        }

        foreach (var text in workload?.Addresses ?? [])
        {
            if (IPAddress.TryParse(text, out var ip) && IsGlobalUnicast(ip))
            {
                return text;
            }
        }

        return ListenerParts.AnyAddress;
    }

    // Go's net.IP.IsGlobalUnicast, which Istio uses: not unspecified, loopback, link-local, multicast or broadcast.
    private static bool IsGlobalUnicast(IPAddress ip)
    {
        if (IPAddress.IsLoopback(ip) || ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any) || ip.Equals(IPAddress.Broadcast))
        {
            return false;
        }

        if (ip.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return !ip.IsIPv6LinkLocal && !ip.IsIPv6Multicast;
        }

        var bytes = ip.GetAddressBytes();
        return !(bytes[0] == 169 && bytes[1] == 254) && bytes[0] < 224;
    }
}
