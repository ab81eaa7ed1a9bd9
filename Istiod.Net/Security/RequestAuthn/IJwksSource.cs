namespace Istiod.Net.Security.RequestAuthn;

/// <summary>
/// Where the jwt_authn builder gets the key set behind a <c>jwksUri</c>. Must answer at once (config
/// generation never waits on the network): the cached JWKS, or null when there is none yet or the
/// last fetch failed, in which case tokens of that issuer are refused.
/// </summary>
public interface IJwksSource
{
    string? TryGetJwks(string jwksUri);
}
