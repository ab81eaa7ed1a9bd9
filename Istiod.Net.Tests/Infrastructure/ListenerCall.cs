namespace Istiod.Net.Tests.Infrastructure;

/// <summary>
/// A connection as Envoy's listener filters see it: where it was going, whether it starts with a TLS
/// ClientHello (and then its SNI and ALPN), or, when plaintext, whether it looks like HTTP/1.1 or h2c.
/// </summary>
public sealed record ListenerCall(uint Port, string DestinationIp = "10.99.0.1")
{
    public bool Tls { get; init; }
    public string? Sni { get; init; }
    public IReadOnlyList<string> Alpn { get; init; } = [];

    /// <summary>For plaintext: "http/1.1", "h2c" or null (not HTTP), what http_inspector would report.</summary>
    public string? PlaintextHttp { get; init; }

    public static ListenerCall Http(uint port, string ip = "10.99.0.1") => new(port, ip) { PlaintextHttp = "http/1.1" };

    public static ListenerCall Tcp(uint port, string ip = "10.99.0.1") => new(port, ip);

    public static ListenerCall TlsTo(uint port, string? sni, string ip = "10.99.0.1", params string[] alpn) =>
        new(port, ip) { Tls = true, Sni = sni, Alpn = alpn };

    /// <summary>A mesh mTLS connection as our clusters open it (ALPN "istio").</summary>
    public static ListenerCall MeshTls(uint port, string ip = "10.99.0.1") => new(port, ip) { Tls = true, Alpn = ["istio"] };
}
