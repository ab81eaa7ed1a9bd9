using System.Text.RegularExpressions;
using Envoy.Config.Route.V3;
using Envoy.Type.Matcher.V3;
using EnvoyRoute = Envoy.Config.Route.V3.Route;

namespace Istiod.Net.Tests.Infrastructure;

/// <summary>
/// Where a request would go under a route configuration, evaluated the way a gRPC client does (gRFC A28):
/// pick the virtual host by authority, then the first route whose path and headers match. Tests assert
/// destinations through it instead of comparing protos field by field.
/// </summary>
public static class RouteTableSimulator
{
    public sealed record Outcome(EnvoyRoute Route, IReadOnlyList<(string Cluster, uint Weight)> Clusters);

    /// <summary>The matched route and its clusters, or null when no virtual host or route matches.</summary>
    public static Outcome? Simulate(RouteConfiguration config, string authority, string path, IReadOnlyDictionary<string, string>? headers = null)
    {
        var virtualHost = config.VirtualHosts.FirstOrDefault(v => v.Domains.Any(d => DomainMatches(d, authority)));
        if (virtualHost is null)
        {
            return null;
        }

        var all = new Dictionary<string, string>(headers ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase)
        {
            [":authority"] = authority,
            [":path"] = path,
            [":method"] = "POST",
            [":scheme"] = "http",
            ["content-type"] = "application/grpc",
        };
        foreach (var route in virtualHost.Routes)
        {
            if (PathMatches(route.Match, path) && route.Match.Headers.All(h => HeaderMatches(h, all)))
            {
                var action = route.Route_;
                var clusters = action.ClusterSpecifierCase == RouteAction.ClusterSpecifierOneofCase.Cluster
                    ? [(action.Cluster, 1u)]
                    : action.WeightedClusters.Clusters.Select(c => (c.Name, c.Weight ?? 0u)).ToList();
                return new Outcome(route, clusters);
            }
        }

        return null;
    }

    private static bool DomainMatches(string domain, string authority) =>
        domain == "*"
        || string.Equals(domain, authority, StringComparison.OrdinalIgnoreCase)
        || (domain.StartsWith('*') && authority.EndsWith(domain[1..], StringComparison.OrdinalIgnoreCase))
        || (domain.EndsWith('*') && authority.StartsWith(domain[..^1], StringComparison.OrdinalIgnoreCase));

    private static bool PathMatches(RouteMatch match, string path)
    {
        var comparison = match.CaseSensitive == false ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return match.PathSpecifierCase switch
        {
            RouteMatch.PathSpecifierOneofCase.Prefix => path.StartsWith(match.Prefix, comparison),
            RouteMatch.PathSpecifierOneofCase.Path => string.Equals(path, match.Path, comparison),
            RouteMatch.PathSpecifierOneofCase.SafeRegex => FullMatch(match.SafeRegex.Regex, path),
            _ => false,
        };
    }

    private static bool HeaderMatches(HeaderMatcher matcher, IReadOnlyDictionary<string, string> headers)
    {
        var present = headers.TryGetValue(matcher.Name, out var value);
        bool result = matcher.HeaderMatchSpecifierCase switch
        {
            HeaderMatcher.HeaderMatchSpecifierOneofCase.PresentMatch => present == matcher.PresentMatch,
            HeaderMatcher.HeaderMatchSpecifierOneofCase.StringMatch => present && StringMatches(matcher.StringMatch, value!),
#pragma warning disable CS0612 // the deprecated matchers the generator sends for gRPC C-core 1.51
            HeaderMatcher.HeaderMatchSpecifierOneofCase.ExactMatch => present && value == matcher.ExactMatch,
            HeaderMatcher.HeaderMatchSpecifierOneofCase.PrefixMatch => present && value!.StartsWith(matcher.PrefixMatch, StringComparison.Ordinal),
            HeaderMatcher.HeaderMatchSpecifierOneofCase.SafeRegexMatch => present && FullMatch(matcher.SafeRegexMatch.Regex, value!),
#pragma warning restore CS0612
            _ => false,
        };
        return result != matcher.InvertMatch;
    }

    private static bool StringMatches(StringMatcher matcher, string value) => matcher.MatchPatternCase switch
    {
        StringMatcher.MatchPatternOneofCase.Exact => value == matcher.Exact,
        StringMatcher.MatchPatternOneofCase.Prefix => value.StartsWith(matcher.Prefix, StringComparison.Ordinal),
        StringMatcher.MatchPatternOneofCase.SafeRegex => FullMatch(matcher.SafeRegex.Regex, value),
        _ => false,
    };

    private static bool FullMatch(string pattern, string value) => Regex.IsMatch(value, $"^(?:{pattern})$", RegexOptions.None, TimeSpan.FromSeconds(1));
}
