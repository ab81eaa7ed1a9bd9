using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace Istiod.Net.Xds.Generation.Listeners;

/// <summary>
/// The name an xDS-enabled gRPC server (gRFC A36) asks for: its bootstrap's
/// <c>server_listener_resource_name_template</c> with <c>%s</c> replaced by the address it binds
/// (<c>ip:port</c>, IPv6 in brackets). Two templates are understood: Istio's
/// (<c>xds.istio.io/grpc/lds/inbound/%s</c>, what Istio's gRPC agent writes) and gRPC's documented example
/// (<c>grpc/server?xds.resource.listening_address=%s</c>).
/// </summary>
public sealed record GrpcServerListenerName(string Host, uint Port)
{
    public const string IstioPrefix = "xds.istio.io/grpc/lds/inbound/";
    public const string GrpcPrefix = "grpc/server?xds.resource.listening_address=";

    /// <summary>The two templates, for bootstraps and documentation.</summary>
    public static readonly IReadOnlyList<string> Templates = [IstioPrefix + "%s", GrpcPrefix + "%s"];

    public static bool IsServerName(string name) =>
        name.StartsWith(IstioPrefix, StringComparison.Ordinal) || name.StartsWith(GrpcPrefix, StringComparison.Ordinal);

    /// <summary>Reads the bound address from a server listener name; false for any other name or a malformed address.</summary>
    public static bool TryParse(string name, [NotNullWhen(true)] out GrpcServerListenerName? parsed)
    {
        parsed = null;
        var address = name.StartsWith(IstioPrefix, StringComparison.Ordinal) ? name[IstioPrefix.Length..]
            : name.StartsWith(GrpcPrefix, StringComparison.Ordinal) ? name[GrpcPrefix.Length..]
            : null;
        if (address is null)
        {
            return false;
        }

        var colon = address.LastIndexOf(':');
        if (colon <= 0
            || !uint.TryParse(address.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port is 0 or > 65535)
        {
            return false;
        }

        var host = address[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        // gRPC servers bind IP addresses only (A36); the listener's socket_address must repeat this exact text.
        if (!IPAddress.TryParse(host, out _))
        {
            return false;
        }

        parsed = new GrpcServerListenerName(host, port);
        return true;
    }
}
