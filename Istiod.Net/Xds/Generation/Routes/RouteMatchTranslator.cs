using Envoy.Config.Route.V3;
using Envoy.Type.Matcher.V3;
using Istiod.Net.Config.Model;
using Istiod.Net.Push;
using IstioStringMatch = Istiod.Net.Config.Model.StringMatch;

namespace Istiod.Net.Xds.Generation.Routes;

/// <summary>
/// An Istio HTTP match as an Envoy route match, as far as gRPC clients can evaluate it (gRFC A28):
/// path exact/prefix/regex, header exact/prefix/regex/present (absent with invert).
/// </summary>
public static class RouteMatchTranslator
{
    /// <summary>
    /// The route match, or null when the condition can never hold for this listener and view: another
    /// port, another source namespace, only gateways, query parameters (gRPC requests have none) or
    /// source labels (generation is shared by all proxies of a namespace and cannot see their labels).
    /// </summary>
    public static RouteMatch? Translate(HttpMatchRequest? match, uint listenerPort, string viewNamespace)
    {
        var result = new RouteMatch();
        if (match is null)
        {
            result.Prefix = "/";
            return result;
        }

        if ((match.Port is { } port && port != listenerPort)
            || (match.SourceNamespace is { Length: > 0 } sourceNs && sourceNs != viewNamespace)
            || (match.Gateways is { Count: > 0 } gateways && !gateways.Contains(VirtualServiceIndex.MeshGateway))
            || match.QueryParams is { Count: > 0 }
            || match.SourceLabels is { Count: > 0 })
        {
            return null;
        }

        switch (match.Uri)
        {
            case { Exact: { } exact }:
                result.Path = exact;
                break;
            case { Prefix: { } prefix }:
                result.Prefix = prefix;
                break;
            case { Regex: { } regex }:
                result.SafeRegex = new RegexMatcher { Regex = regex };
                break;
            default:
                result.Prefix = "/";
                break;
        }

        if (match.IgnoreUriCase == true)
        {
            result.CaseSensitive = false;
        }

        AddHeader(result, ":method", match.Method, invert: false);
        AddHeader(result, ":authority", match.Authority, invert: false);
        AddHeader(result, ":scheme", match.Scheme, invert: false);
        foreach (var (name, value) in (match.Headers ?? EmptyHeaders).OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            AddHeader(result, name.ToLowerInvariant(), value, invert: false);
        }

        foreach (var (name, value) in (match.WithoutHeaders ?? EmptyHeaders).OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            AddHeader(result, name.ToLowerInvariant(), value, invert: true);
        }

        return result;
    }

    private static void AddHeader(RouteMatch match, string name, IstioStringMatch? value, bool invert)
    {
        if (value is null)
        {
            return;
        }

        var header = new HeaderMatcher { Name = name, InvertMatch = invert };
        if (ToStringMatcher(value) is { } matcher)
        {
            header.StringMatch = matcher;
        }
        else
        {
            // An empty match ("x-user: {}") asks only that the header be present.
            header.PresentMatch = true;
        }

        match.Headers.Add(header);
    }

    public static StringMatcher? ToStringMatcher(IstioStringMatch value) => value switch
    {
        { Exact: { } exact } => new StringMatcher { Exact = exact },
        { Prefix: { Length: > 0 } prefix } => new StringMatcher { Prefix = prefix },
        { Regex: { } regex } => new StringMatcher { SafeRegex = new RegexMatcher { Regex = regex } },
        _ => null,
    };

    private static readonly IReadOnlyDictionary<string, IstioStringMatch> EmptyHeaders = new Dictionary<string, IstioStringMatch>();
}
