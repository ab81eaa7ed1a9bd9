using Envoy.Config.Route.V3;
using Envoy.Type.Matcher.V3;
using Istiod.Net.Config.Model;
using IstioStringMatch = Istiod.Net.Config.Model.StringMatch;

namespace Istiod.Net.Xds.Generation.Routes;

/// <summary>
/// An Istio HTTP match as an Envoy route match. Unlike <see cref="RouteMatchTranslator"/> (proxyless gRPC,
/// whose C-core NACKs string_match), Envoy reads string_match header matchers and query parameter matchers,
/// and generation here is per workload, so source labels can be decided.
/// </summary>
public static class EnvoyRouteMatchTranslator
{
    /// <summary>
    /// The route match, or null when the condition can never hold for this proxy: another port, another
    /// source namespace, source labels the proxy does not carry, or gateways it does not stand for.
    /// </summary>
    public static RouteMatch? Translate(HttpMatchRequest? match, RouteMatchScope scope, string virtualServiceNamespace)
    {
        var result = new RouteMatch();
        if (match is null)
        {
            result.Prefix = "/";
            return result;
        }

        if (!Applies(match, scope, virtualServiceNamespace))
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
        foreach (var (name, value) in Sorted(match.Headers))
        {
            AddHeader(result, name.ToLowerInvariant(), value, invert: false);
        }

        foreach (var (name, value) in Sorted(match.WithoutHeaders))
        {
            AddHeader(result, name.ToLowerInvariant(), value, invert: true);
        }

        foreach (var (name, value) in Sorted(match.QueryParams))
        {
            var parameter = new QueryParameterMatcher { Name = name };
            if (ToStringMatcher(value) is { } matcher)
            {
                parameter.StringMatch = matcher;
            }
            else
            {
                parameter.PresentMatch = true;
            }

            result.QueryParameters.Add(parameter);
        }

        return result;
    }

    /// <summary>The match's proxy-side conditions: port, source namespace and labels, gateways.</summary>
    public static bool Applies(HttpMatchRequest match, RouteMatchScope scope, string virtualServiceNamespace) =>
        (match.Port is not { } port || port == scope.Port)
        && (match.SourceNamespace is not { Length: > 0 } sourceNamespace || sourceNamespace == scope.ProxyNamespace)
        && (match.SourceLabels is not { Count: > 0 } labels
            || labels.All(l => scope.ProxyLabels.TryGetValue(l.Key, out var value) && value == l.Value))
        && (match.Gateways is not { Count: > 0 } gateways || scope.NamesAnyGateway(gateways, virtualServiceNamespace));

    /// <summary>An Istio string match as Envoy's, or null for an empty one (which asks only for presence).</summary>
    public static StringMatcher? ToStringMatcher(IstioStringMatch? value) => StringMatchCondition.Of(value).ToStringMatcher();

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
            header.PresentMatch = true;
        }

        match.Headers.Add(header);
    }

    private static IEnumerable<KeyValuePair<string, IstioStringMatch>> Sorted(IReadOnlyDictionary<string, IstioStringMatch>? values) =>
        (values ?? Empty).OrderBy(h => h.Key, StringComparer.Ordinal);

    private static readonly IReadOnlyDictionary<string, IstioStringMatch> Empty = new Dictionary<string, IstioStringMatch>();
}
