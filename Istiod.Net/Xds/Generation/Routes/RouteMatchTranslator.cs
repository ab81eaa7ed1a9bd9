using Envoy.Config.Route.V3;
using Envoy.Type.Matcher.V3;
using Istiod.Net.Config.Model;
using Istiod.Net.Push;
using IstioStringMatch = Istiod.Net.Config.Model.StringMatch;

namespace Istiod.Net.Xds.Generation.Routes;

/// <summary>
/// An Istio HTTP match as an Envoy route match, as far as gRPC clients can evaluate it (gRFC A28):
/// path exact/prefix/regex, header exact/prefix/regex/present (absent with invert). Strings are read by
/// <see cref="StringMatchCondition"/>, as for Envoy (<see cref="EnvoyRouteMatchTranslator"/>); only the lowering differs.
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

        StringMatchCondition.SetPath(result, match.Uri);

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
        var condition = StringMatchCondition.Of(value);
        switch (condition.Kind)
        {
            case StringMatchKind.Exact:
                header.ExactMatch = condition.Value;
                break;
            case StringMatchKind.Prefix:
                header.PrefixMatch = condition.Value;
                break;
            case StringMatchKind.Regex:
                header.SafeRegexMatch = new RegexMatcher { Regex = condition.Value };
                break;
            default:
                // An empty match ("x-user: {}") asks only that the header be present.
                header.PresentMatch = true;
                break;
        }
#pragma warning restore CS0612

        match.Headers.Add(header);
    }

    private static readonly IReadOnlyDictionary<string, IstioStringMatch> EmptyHeaders = new Dictionary<string, IstioStringMatch>();
}
