namespace Istiod.Net.Xds.Protocol;

/// <summary>
/// What <see cref="IXdsStreamAuthenticator"/> concluded about a stream. <see cref="Reason"/> is safe to log:
/// it never holds a credential.
/// </summary>
public sealed record XdsStreamAuthentication
{
    private XdsStreamAuthentication(XdsStreamAuthenticationOutcome outcome, string method, string? peerIdentity, string? reason)
    {
        Outcome = outcome;
        Method = method;
        PeerIdentity = peerIdentity;
        Reason = reason;
    }

    public XdsStreamAuthenticationOutcome Outcome { get; }

    /// <summary>Which check decided ("client-certificate", "bearer-token", "plaintext", ...).</summary>
    public string Method { get; }

    /// <summary>The SPIFFE id the stream proved; set only when <see cref="Outcome"/> is Authenticated.</summary>
    public string? PeerIdentity { get; }

    public string? Reason { get; }

    public static XdsStreamAuthentication Anonymous(string method, string reason) =>
        new(XdsStreamAuthenticationOutcome.Anonymous, method, null, reason);

    public static XdsStreamAuthentication Authenticated(string method, string peerIdentity) =>
        new(XdsStreamAuthenticationOutcome.Authenticated, method, peerIdentity, null);

    public static XdsStreamAuthentication Rejected(string method, string reason) =>
        new(XdsStreamAuthenticationOutcome.Rejected, method, null, reason);

    public static XdsStreamAuthentication Denied(string method, string reason) =>
        new(XdsStreamAuthenticationOutcome.Denied, method, null, reason);

    public static XdsStreamAuthentication Unavailable(string method, string reason) =>
        new(XdsStreamAuthenticationOutcome.Unavailable, method, null, reason);
}
