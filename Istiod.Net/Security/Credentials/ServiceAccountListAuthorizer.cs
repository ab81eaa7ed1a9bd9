namespace Istiod.Net.Security.Credentials;

/// <summary>
/// File mode's stand-in for RBAC: the service accounts named by <c>--gateway-service-accounts ns/sa,…</c>
/// may read the gateway credentials of their own namespace; nobody else may (an empty list denies all).
/// </summary>
public sealed class ServiceAccountListAuthorizer : IGatewaySecretAuthorizer
{
    public const string FlagName = "--gateway-service-accounts";

    private readonly HashSet<(string Namespace, string ServiceAccount)> _allowed;

    public ServiceAccountListAuthorizer(IEnumerable<(string Namespace, string ServiceAccount)> allowed)
    {
        _allowed = allowed.ToHashSet();
    }

    public IReadOnlyCollection<(string Namespace, string ServiceAccount)> Allowed => _allowed;

    /// <summary>Parses <c>ns/sa,ns/sa</c>; throws <see cref="FormatException"/> naming the bad entry.</summary>
    public static IReadOnlyList<(string Namespace, string ServiceAccount)> Parse(string text)
    {
        var entries = new List<(string, string)>();
        foreach (var entry in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = entry.Split('/');
            if (parts.Length != 2 || !IsName(parts[0]) || !IsName(parts[1]))
            {
                throw new FormatException($"'{entry}' is not <namespace>/<service account> (lower-case DNS names), e.g. istio-system/istio-ingressgateway");
            }

            entries.Add((parts[0], parts[1]));
        }

        return entries;
    }

    public GatewaySecretDecision Authorize(SpiffeIdentity identity, string @namespace, string credentialName)
    {
        if (identity.Namespace != @namespace)
        {
            return GatewaySecretDecision.Deny($"{identity} may not read credentials of namespace {@namespace}");
        }

        return _allowed.Contains((identity.Namespace, identity.ServiceAccount))
            ? GatewaySecretDecision.Allow
            : GatewaySecretDecision.Deny($"{identity.Namespace}/{identity.ServiceAccount} is not listed in {FlagName}");
    }

    private static bool IsName(string text) =>
        text.Length is > 0 and <= 253 && text.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '.')
        && char.IsAsciiLetterOrDigit(text[0]) && char.IsAsciiLetterOrDigit(text[^1]);
}
