namespace Istiod.Net.Registry;

/// <summary>Host name rules shared by services and routing configs: short-name resolution and wildcards.</summary>
public static class Hostnames
{
    public const string DefaultDomain = "cluster.local";

    /// <summary>
    /// Resolves a host written in a config of <paramref name="configNamespace"/>: a bare name without dots
    /// ("reviews") means the Kubernetes service of that namespace; anything with a dot, or a wildcard, is
    /// taken as written. Lower-cased, because DNS names are case-insensitive and lookups here are ordinal.
    /// </summary>
    public static string Resolve(string host, string configNamespace, string domain = DefaultDomain)
    {
        var h = host.Trim().ToLowerInvariant();
        if (h.Length == 0 || h.StartsWith('*') || h.Contains('.'))
        {
            return h;
        }

        return $"{h}.{configNamespace}.svc.{domain}";
    }

    public static bool IsWildcard(string host) => host.StartsWith('*');

    /// <summary>
    /// Whether <paramref name="pattern"/> (exact, "*" or "*.suffix") covers <paramref name="host"/>.
    /// When <paramref name="host"/> is itself a wildcard, it matches patterns that cover all of it.
    /// </summary>
    public static bool Matches(string pattern, string host)
    {
        if (pattern == "*")
        {
            return true;
        }

        if (string.Equals(pattern, host, StringComparison.Ordinal))
        {
            return true;
        }

        if (!IsWildcard(pattern))
        {
            return false;
        }

        // "*.example.com" covers "a.example.com" and "*.b.example.com", never "example.com".
        var suffix = pattern[1..];
        return host.Length > suffix.Length && host.EndsWith(suffix, StringComparison.Ordinal);
    }

    /// <summary>Whether two hosts (either may be a wildcard) can name a common host.</summary>
    public static bool Overlap(string a, string b) => Matches(a, b) || Matches(b, a);
}
