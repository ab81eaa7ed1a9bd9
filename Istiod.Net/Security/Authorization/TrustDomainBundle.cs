namespace Istiod.Net.Security.Authorization;

/// <summary>
/// The local trust domain and its aliases. During a trust-domain migration an identity
/// <c>old-td/ns/foo/sa/bar</c> in a policy must also admit <c>new-td/ns/foo/sa/bar</c>, so principals
/// naming any member of the bundle (or <c>cluster.local</c>, which always means "ours") are repeated
/// for every member.
/// </summary>
public sealed class TrustDomainBundle
{
    public const string ClusterLocal = "cluster.local";

    public TrustDomainBundle(string trustDomain, IEnumerable<string> aliases)
    {
        Members = [trustDomain, .. aliases.Where(a => a.Length > 0 && a != trustDomain).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The local trust domain first, then its aliases.</summary>
    public IReadOnlyList<string> Members { get; }

    public static TrustDomainBundle From(AuthzOptions options) => new(options.TrustDomain, options.TrustDomainAliases);

    /// <summary>Principals (<c>td/ns/x/sa/y</c> form, wildcards allowed) with every bundle member's variant added.</summary>
    public IReadOnlyList<string> ExpandPrincipals(IReadOnlyList<string> principals)
    {
        var result = new List<string>();
        foreach (var principal in principals)
        {
            var parts = principal.Split('/');
            // Only the five-part SPIFFE path form names a trust domain; "*" as the domain means any already.
            if (parts.Length != 5 || parts[0] == "*")
            {
                result.Add(principal);
                continue;
            }

            var domain = parts[0];
            if (domain != ClusterLocal && !Members.Any(m => WildcardMatches(m, domain)))
            {
                result.Add(principal);
                continue;
            }

            var rest = string.Join('/', parts[1..]);
            var expanded = new List<string>();
            foreach (var member in Members)
            {
                // A wildcard domain that already covers this member stays as written rather than being repeated.
                var candidate = domain.StartsWith('*') && WildcardMatches(member, domain) ? principal : $"{member}/{rest}";
                if (!expanded.Contains(candidate, StringComparer.Ordinal))
                {
                    expanded.Add(candidate);
                }
            }

            result.AddRange(expanded);
        }

        return result;
    }

    /// <summary>Trust-domain values (<c>source.trustDomains</c>): one naming a member stands for the whole bundle.</summary>
    public IReadOnlyList<string> ExpandDomains(IReadOnlyList<string> domains)
    {
        var result = new List<string>();
        foreach (var domain in domains)
        {
            foreach (var value in Members.Contains(domain, StringComparer.Ordinal) ? Members : [domain])
            {
                if (!result.Contains(value, StringComparer.Ordinal))
                {
                    result.Add(value);
                }
            }
        }

        return result;
    }

    /// <summary>Istio's value match: exact, <c>*</c>, <c>prefix*</c> or <c>*suffix</c>.</summary>
    public static bool WildcardMatches(string candidate, string pattern) =>
        candidate == pattern
        || pattern == "*"
        || (pattern.EndsWith('*') && candidate.StartsWith(pattern[..^1], StringComparison.Ordinal))
        || (pattern.StartsWith('*') && candidate.EndsWith(pattern[1..], StringComparison.Ordinal));
}
