namespace Istiod.Net.Security.Authentication;

public enum AuthenticationOutcome
{
    /// <summary>The call carries no credential of this authenticator's kind.</summary>
    NoCredential,

    /// <summary>The credential proved an identity.</summary>
    Authenticated,

    /// <summary>A credential was presented and is not acceptable (expired, wrong audience, unknown issuer...).</summary>
    Rejected,

    /// <summary>The credential could not be checked right now (the token reviewer is unreachable).</summary>
    Unavailable,
}
