using System.Text.Json.Nodes;

namespace Istiod.Net.Security.Authorization.Simulation;

/// <summary>
/// A request (or, for TCP, a connection) as Envoy's filters see it. <see cref="PeerPrincipal"/> is the
/// client certificate's URI SAN after mTLS; null means a plaintext peer.
/// </summary>
public sealed record AuthzRequest
{
    public string? PeerPrincipal { get; init; }

    /// <summary>The downstream connection's address (direct_remote_ip, source_ip).</summary>
    public string SourceIp { get; init; } = "10.0.0.1";

    /// <summary>The original client address (remote_ip: X-Forwarded-For / PROXY protocol); the source address when unset.</summary>
    public string? RemoteIp { get; init; }

    public string DestinationIp { get; init; } = "10.0.0.2";

    public int DestinationPort { get; init; } = 80;

    public string? Sni { get; init; }

    public string Host { get; init; } = "httpbin.foo.svc.cluster.local";

    public string Path { get; init; } = "/";

    public string Method { get; init; } = "GET";

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Claims of a JWT some earlier filter already verified. Used when the chain has no jwt_authn filter of
    /// its own; with one, the payload comes from the token that filter verifies.
    /// </summary>
    public JsonObject? VerifiedJwtPayload { get; init; }

    /// <summary>Dynamic metadata other filters set (for <c>experimental.envoy.filters.*</c> conditions), by filter name.</summary>
    public IReadOnlyDictionary<string, JsonObject> FilterMetadata { get; init; } = new Dictionary<string, JsonObject>();

    /// <summary>What the external authorizer answers when ext_authz asks it.</summary>
    public bool ExtAuthzAllows { get; init; }

    /// <summary>Seconds since the Unix epoch at which JWT expiry is judged.</summary>
    public long NowUnixSeconds { get; init; } = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
}
