namespace Istiod.Net.Config.Validation.Networking;

/// <summary>Port protocols Istio recognises (case-insensitive, as Istio parses them).</summary>
public static class Protocols
{
    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "HTTP", "HTTPS", "HTTP2", "GRPC", "GRPC-WEB", "TCP", "TLS", "MONGO", "REDIS", "MYSQL", "UDP", "HTTP_PROXY",
    };

    public static bool IsKnown(string? protocol) => protocol is not null && Known.Contains(protocol);

    public static string Problem(string? protocol) =>
        $"unknown protocol \"{protocol}\"; expected one of {string.Join(", ", Known.Order(StringComparer.Ordinal))}";
}
