namespace Istiod.Net.Security.Credentials;

/// <summary>The answer of a credential source: the credential, or why there is none (safe to log: never key material).</summary>
public sealed record CredentialLookup(GatewayCredential? Credential, string? Problem)
{
    public static CredentialLookup Found(GatewayCredential credential) => new(credential, null);

    public static CredentialLookup Missing(string problem) => new(null, problem);
}
