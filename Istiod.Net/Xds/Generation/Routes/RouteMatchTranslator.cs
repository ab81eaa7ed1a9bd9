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

        // The header matcher's own exact/prefix/safe_regex fields, not string_match: gRPC C-core 1.51
        // (python3-grpcio here) knows only those and NACKs the whole route configuration for a
        // string_match ("Invalid route header matcher specified"); grpc-js and Envoy read both.
        var header = new HeaderMatcher { Name = name, InvertMatch = invert };
#pragma warning disable CS0612 // deprecated in Envoy's API, but the only form C-core 1.51 accepts
        switch (value)
        {
            case { Exact: { } exact }:
                header.ExactMatch = exact;
                break;
            case { Prefix: { Length: > 0 } prefix }:
                header.PrefixMatch = prefix;
                break;
            case { Regex: { } regex }:
                header.SafeRegexMatch = new RegexMatcher { Regex = regex };
                break;
            default:
                // An empty match ("x-user: {}") asks only that the header be present.
                header.PresentMatch = true;
                break;
        }
#pragma warning restore CS0612

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
