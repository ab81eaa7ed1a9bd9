namespace Istiod.Net.Hosting;

/// <summary>What <see cref="DebugAccessGate"/> decided for one request. <see cref="Reason"/> never holds the credential.</summary>
public sealed record DebugAccessDecision(bool Allowed, int StatusCode, string How, string? Reason)
{
    public static DebugAccessDecision Open { get; } = new(true, 200, "open", null);

    public static DebugAccessDecision Local { get; } = new(true, 200, "loopback", null);

    public static DebugAccessDecision Authenticated(string identity) => new(true, 200, identity, null);

    public static DebugAccessDecision Denied(string reason) => new(false, 401, "denied", reason);

    public static DebugAccessDecision Forbidden(string reason) => new(false, 403, "forbidden", reason);

    public static DebugAccessDecision Unavailable(string reason) => new(false, 503, "unavailable", reason);
}
