using Envoy.Config.Route.V3;
using Envoy.Type.Matcher.V3;
using IstioStringMatch = Istiod.Net.Config.Model.StringMatch;

namespace Istiod.Net.Xds.Generation.Routes;

/// <summary>
/// The one reading of an Istio string match that every client's match translator lowers from, so that a
/// path or header means the same to Envoy and to proxyless gRPC. An empty prefix or regex is no condition
/// (validation refuses an empty regex, as Istio does; this keeps older stored config from ever producing an
/// empty <c>safe_regex</c>, which breaks Envoy's validate rules and gets the whole route configuration refused).
/// </summary>
public readonly record struct StringMatchCondition(StringMatchKind Kind, string Value)
{
    public static StringMatchCondition Of(IstioStringMatch? match) => match switch
    {
        { Exact: { } exact } => new(StringMatchKind.Exact, exact),
        { Prefix: { Length: > 0 } prefix } => new(StringMatchKind.Prefix, prefix),
        { Regex: { Length: > 0 } regex } => new(StringMatchKind.Regex, regex),
        _ => new(StringMatchKind.Any, ""),
    };

    /// <summary>Sets the route's path specifier: no condition is the catch-all prefix "/".</summary>
    public static void SetPath(RouteMatch route, IstioStringMatch? uri)
    {
        var condition = Of(uri);
        switch (condition.Kind)
        {
            case StringMatchKind.Exact:
                route.Path = condition.Value;
                break;
            case StringMatchKind.Prefix:
                route.Prefix = condition.Value;
                break;
            case StringMatchKind.Regex:
                route.SafeRegex = new RegexMatcher { Regex = condition.Value };
                break;
            default:
                route.Prefix = "/";
                break;
        }
    }

    /// <summary>Envoy's string matcher, or null when there is no condition (the caller asks for presence).</summary>
    public StringMatcher? ToStringMatcher() => Kind switch
    {
        StringMatchKind.Exact => new StringMatcher { Exact = Value },
        StringMatchKind.Prefix => new StringMatcher { Prefix = Value },
        StringMatchKind.Regex => new StringMatcher { SafeRegex = new RegexMatcher { Regex = Value } },
        _ => null,
    };
}
