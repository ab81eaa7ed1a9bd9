namespace Istiod.Net.Security.Credentials;

/// <summary>What an <see cref="IGatewaySecretAuthorizer"/> answered; <see cref="Reason"/> says why not, for the log.</summary>
public sealed record GatewaySecretDecision(bool Allowed, string? Reason)
{
    public static GatewaySecretDecision Allow { get; } = new(true, null);

    public static GatewaySecretDecision Deny(string reason) => new(false, reason);
}
