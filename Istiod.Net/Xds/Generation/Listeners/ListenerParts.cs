using Envoy.Config.Core.V3;
using Envoy.Config.Listener.V3;
using Envoy.Extensions.Filters.Listener.HttpInspector.V3;
using Envoy.Extensions.Filters.Listener.OriginalDst.V3;
using Envoy.Extensions.Filters.Listener.TlsInspector.V3;
using Google.Protobuf.WellKnownTypes;

namespace Istiod.Net.Xds.Generation.Listeners;

/// <summary>Small pieces every Envoy listener is made of.</summary>
public static class ListenerParts
{
    public const string AnyAddress = "0.0.0.0";

    public static Address Socket(string ip, uint port) => new()
    {
        SocketAddress = new SocketAddress { Address = ip, PortValue = port, Protocol = SocketAddress.Types.Protocol.Tcp },
    };

    public static ListenerFilter OriginalDst() => new() { Name = EnvoyFilterNames.OriginalDst, TypedConfig = Any.Pack(new OriginalDst()) };

    public static ListenerFilter TlsInspector() => new() { Name = EnvoyFilterNames.TlsInspector, TypedConfig = Any.Pack(new TlsInspector()) };

    public static ListenerFilter HttpInspector() => new() { Name = EnvoyFilterNames.HttpInspector, TypedConfig = Any.Pack(new HttpInspector()) };

    /// <summary>The ALPN values http_inspector reports for plaintext HTTP/1.x and HTTP/2.</summary>
    public static readonly IReadOnlyList<string> SniffedHttpAlpn = ["http/1.0", "http/1.1", "h2c"];

    /// <summary>Listener name Istio uses for an address and port: <c>ip_port</c>.</summary>
    public static string Name(string ip, uint port) => $"{ip}_{port}";
}
