namespace Istiod.Net.Config.Validation.Networking;

/// <summary>Port protocols Istio recognises (case-insensitive, as Istio parses them).</summary>
public static class Protocols
{
    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "HTTP", "HTTPS", "HTTP2", "GRPC", "GRPC-WEB", "TCP", "TLS", "MONGO", "REDIS", "MYSQL", "UDP", "HTTP_PROXY",
    };

    public static bool IsKnown(string? protocol) => protocol is not null && Known.Contains(protocol);

    /// <summary>Protocols Envoy handles with its HTTP connection manager.</summary>
    public static bool IsHttp(string? protocol) =>
        protocol?.ToUpperInvariant() is "HTTP" or "HTTP2" or "GRPC" or "GRPC-WEB" or "HTTP_PROXY";

    public static string Problem(string? protocol) =>
        $"unknown protocol \"{protocol}\"; expected one of {string.Join(", ", Known.Order(StringComparer.Ordinal))}";
}
