namespace Istiod.Net.Security.Authentication;

/// <summary>What one authenticator concluded about a call. <see cref="Reason"/> is safe to show the caller: it never contains the credential.</summary>
public sealed record AuthenticationResult
{
    private AuthenticationResult(AuthenticationOutcome outcome, string method, SpiffeIdentity? identity, string? reason)
    {
        Outcome = outcome;
        Method = method;
        Identity = identity;
        Reason = reason;
    }

    public AuthenticationOutcome Outcome { get; }

    /// <summary>Which authenticator decided ("client-certificate", "bearer-token").</summary>
    public string Method { get; }

    /// <summary>Set when <see cref="Outcome"/> is <see cref="AuthenticationOutcome.Authenticated"/>.</summary>
    public SpiffeIdentity? Identity { get; }

    public string? Reason { get; }

    public static AuthenticationResult NoCredential(string method) => new(AuthenticationOutcome.NoCredential, method, null, null);

    public static AuthenticationResult Success(string method, SpiffeIdentity identity) => new(AuthenticationOutcome.Authenticated, method, identity, null);

    public static AuthenticationResult Rejected(string method, string reason) => new(AuthenticationOutcome.Rejected, method, null, reason);

    public static AuthenticationResult Unavailable(string method, string reason) => new(AuthenticationOutcome.Unavailable, method, null, reason);
}
