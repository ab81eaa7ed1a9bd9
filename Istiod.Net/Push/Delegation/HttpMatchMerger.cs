using Istiod.Net.Config.Model;

namespace Istiod.Net.Push.Delegation;

/// <summary>
/// Joins a root VirtualService's match with a delegate's, as Istio does for delegation: the delegate may
/// only narrow the root (a uri under the root's prefix, more headers), never contradict it. A contradiction
/// makes the pair unusable.
/// </summary>
public static class HttpMatchMerger
{
    /// <summary>The joined match; null with <paramref name="conflict"/> false when both are catch-alls.</summary>
    public static HttpMatchRequest? Merge(HttpMatchRequest? root, HttpMatchRequest? delegated, out bool conflict)
    {
        conflict = false;
        if (root is null || delegated is null)
        {
            return delegated ?? root;
        }

        if (!Uri(root.Uri, delegated.Uri, out var uri)
            || !Same(root.Scheme, delegated.Scheme, out var scheme)
            || !Same(root.Method, delegated.Method, out var method)
            || !Same(root.Authority, delegated.Authority, out var authority)
            || !Maps(root.Headers, delegated.Headers, out var headers)
            || !Maps(root.WithoutHeaders, delegated.WithoutHeaders, out var withoutHeaders)
            || !Maps(root.QueryParams, delegated.QueryParams, out var queryParams)
            || !Labels(root.SourceLabels, delegated.SourceLabels, out var sourceLabels)
            || (root.Port is { } rp && delegated.Port is { } dp && rp != dp)
            || (root.SourceNamespace is { Length: > 0 } rn && delegated.SourceNamespace is { Length: > 0 } dn && rn != dn))
        {
            conflict = true;
            return null;
        }

        return new HttpMatchRequest
        {
            Name = root.Name is { Length: > 0 } rootName && delegated.Name is { Length: > 0 } delegateName
                ? $"{rootName}-{delegateName}"
                : delegated.Name ?? root.Name,
            Uri = uri,
            Scheme = scheme,
            Method = method,
            Authority = authority,
            Headers = headers,
            WithoutHeaders = withoutHeaders,
            QueryParams = queryParams,
            SourceLabels = sourceLabels,
            Port = root.Port ?? delegated.Port,
            SourceNamespace = root.SourceNamespace ?? delegated.SourceNamespace,
            Gateways = root.Gateways,
            IgnoreUriCase = root.IgnoreUriCase == true || delegated.IgnoreUriCase == true ? true : null,
        };
    }

    /// <summary>The delegate's uri must lie under the root's: an exact or prefix below a root prefix, or the same.</summary>
    private static bool Uri(StringMatch? root, StringMatch? delegated, out StringMatch? merged)
    {
        merged = delegated ?? root;
        if (root is null || delegated is null || root == delegated)
        {
            return true;
        }

        return root.Prefix is { } prefix
            && ((delegated.Prefix ?? delegated.Exact) is { } narrower && narrower.StartsWith(prefix, StringComparison.Ordinal));
    }

    private static bool Same(StringMatch? root, StringMatch? delegated, out StringMatch? merged) =>
        Uri(root, delegated, out merged);

    private static bool Maps(
        IReadOnlyDictionary<string, StringMatch>? root, IReadOnlyDictionary<string, StringMatch>? delegated,
        out IReadOnlyDictionary<string, StringMatch>? merged)
    {
        merged = root ?? delegated;
        if (root is null || delegated is null)
        {
            return true;
        }

        var result = new Dictionary<string, StringMatch>(root, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in delegated)
        {
            if (result.TryGetValue(name, out var existing))
            {
                if (!Same(existing, value, out var joined))
                {
                    return false;
                }

                result[name] = joined!;
            }
            else
            {
                result[name] = value;
            }
        }

        merged = result;
        return true;
    }

    private static bool Labels(
        IReadOnlyDictionary<string, string>? root, IReadOnlyDictionary<string, string>? delegated,
        out IReadOnlyDictionary<string, string>? merged)
    {
        merged = root ?? delegated;
        if (root is null || delegated is null)
        {
            return true;
        }

        var result = new Dictionary<string, string>(root, StringComparer.Ordinal);
        foreach (var (name, value) in delegated)
        {
            if (result.TryGetValue(name, out var existing) && existing != value)
            {
                return false;
            }

            result[name] = value;
        }

        merged = result;
        return true;
    }
}
