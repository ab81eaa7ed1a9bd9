namespace Istiod.Net.Registry.Kube;

/// <summary>
/// The protocol of a Kubernetes Service port, as Istio reads it: <c>appProtocol</c> first, then the port
/// name's prefix before the first '-' (<c>http-web</c>, <c>grpc</c>), then TCP (UDP ports stay UDP).
/// </summary>
public static class KubePortProtocol
{
    private static readonly Dictionary<string, string> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        ["http"] = "HTTP",
        ["http2"] = "HTTP2",
        ["https"] = "HTTPS",
        ["grpc"] = "GRPC",
        ["grpc-web"] = "GRPC-Web",
        ["tcp"] = "TCP",
        ["tls"] = "TLS",
        ["mongo"] = "Mongo",
        ["mysql"] = "MySQL",
        ["redis"] = "Redis",
        ["udp"] = "UDP",
        // Kubernetes' standard application protocols (KEP-3726).
        ["kubernetes.io/h2c"] = "HTTP2",
        ["kubernetes.io/ws"] = "HTTP",
        ["kubernetes.io/wss"] = "HTTPS",
    };

    public static string Of(string? name, string? appProtocol, string? transport)
    {
        if (string.Equals(transport, "UDP", StringComparison.OrdinalIgnoreCase))
        {
            return "UDP";
        }

        if (!string.IsNullOrEmpty(appProtocol) && Known.TryGetValue(appProtocol, out var fromAppProtocol))
        {
            return fromAppProtocol;
        }

        if (!string.IsNullOrEmpty(name))
        {
            if (Known.TryGetValue(name, out var exact))
            {
                return exact;
            }

            var dash = name.IndexOf('-');
            if (dash > 0 && Known.TryGetValue(name[..dash], out var prefixed))
            {
                return prefixed;
            }
        }

        return "TCP";
    }
}
