using System.Text;
using System.Text.RegularExpressions;
using Envoy.Config.Core.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.Filters.Http.Fault.V3;
using Envoy.Type.Matcher.V3;
using Envoy.Type.V3;
using Google.Protobuf.Collections;
using Istiod.Net.Xds.Generation;
using EnvoyCorsPolicy = Envoy.Extensions.Filters.Http.Cors.V3.CorsPolicy;
using EnvoyRoute = Envoy.Config.Route.V3.Route;

namespace Istiod.Net.Tests.Infrastructure;

/// <summary>
/// Where a request would go under a route configuration. <see cref="Simulate"/> evaluates it the way a gRPC
/// client does (gRFC A28); <see cref="Decide"/> the way Envoy does: virtual host by authority (exact, then
/// the longest suffix wildcard, the longest prefix wildcard, then "*"; the port ignored when the
/// configuration says so), its TLS requirement, then the first route whose path, headers and query
/// parameters match, and what that route does. Tests assert outcomes through it instead of comparing
/// protos field by field.
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

    /// <summary>What Envoy does with <paramref name="request"/>; <paramref name="pick"/> chooses the entry of a split.</summary>
    public static RouteDecision Decide(RouteConfiguration config, SimulatedRequest request, int pick = 0)
    {
        var (host, port) = SplitAuthority(request.Authority);
        var virtualHost = SelectVirtualHost(config.VirtualHosts, config.IgnorePortInHostMatching ? host : request.Authority);
        if (virtualHost is null)
        {
            return new RouteDecision { Kind = RouteDecisionKind.NoVirtualHost, Status = 404 };
        }

        if (virtualHost.RequireTls == VirtualHost.Types.TlsRequirementType.All && request.Scheme != "https")
        {
            return new RouteDecision
            {
                Kind = RouteDecisionKind.Redirect, VirtualHost = virtualHost, Status = 301,
                Location = $"https://{host}{request.Path}",
            };
        }

        var queryStart = request.Path.IndexOf('?');
        var path = queryStart < 0 ? request.Path : request.Path[..queryStart];
        var query = queryStart < 0 ? "" : request.Path[queryStart..];
        var headers = new Dictionary<string, string>(request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value), StringComparer.OrdinalIgnoreCase)
        {
            [":authority"] = request.Authority,
            [":path"] = request.Path,
            [":method"] = request.Method,
            [":scheme"] = request.Scheme,
        };
        var parameters = ParseQuery(query);
        var route = virtualHost.Routes.FirstOrDefault(r =>
            PathMatches(r.Match, path)
            && r.Match.Headers.All(h => HeaderMatches(h, headers))
            && r.Match.QueryParameters.All(q => QueryMatches(q, parameters)));
        if (route is null)
        {
            return new RouteDecision { Kind = RouteDecisionKind.NoRoute, VirtualHost = virtualHost, Status = 404 };
        }

        var common = new RouteDecision
        {
            Kind = RouteDecisionKind.Forward,
            VirtualHost = virtualHost,
            Route = route,
            Fault = PerFilter<HTTPFault>(route, virtualHost, HttpFilterNames.Fault),
            Cors = PerFilter<EnvoyCorsPolicy>(route, virtualHost, HttpFilterNames.Cors),
        };
        switch (route.ActionCase)
        {
            case EnvoyRoute.ActionOneofCase.Redirect:
                return common with
                {
                    Kind = RouteDecisionKind.Redirect,
                    Status = RedirectStatus(route.Redirect.ResponseCode),
                    Location = RedirectLocation(route, request.Scheme, host, port, path, query),
                    ResponseHeadersAdded = ResponseAdds([route.ResponseHeadersToAdd, virtualHost.ResponseHeadersToAdd]),
                    ResponseHeadersRemoved = new HashSet<string>([.. route.ResponseHeadersToRemove, .. virtualHost.ResponseHeadersToRemove]),
                };
            case EnvoyRoute.ActionOneofCase.DirectResponse:
                var body = route.DirectResponse.Body;
                return common with
                {
                    Kind = RouteDecisionKind.DirectResponse,
                    Status = route.DirectResponse.Status,
                    Body = body is null ? null
                        : body.SpecifierCase == DataSource.SpecifierOneofCase.InlineBytes ? Encoding.UTF8.GetString(body.InlineBytes.ToByteArray())
                        : body.InlineString,
                    ResponseHeadersAdded = ResponseAdds([route.ResponseHeadersToAdd, virtualHost.ResponseHeadersToAdd]),
                    ResponseHeadersRemoved = new HashSet<string>([.. route.ResponseHeadersToRemove, .. virtualHost.ResponseHeadersToRemove]),
                };
        }

        var action = route.Route_;
        var clusters = action.ClusterSpecifierCase == RouteAction.ClusterSpecifierOneofCase.Cluster
            ? [(action.Cluster, 1u)]
            : action.WeightedClusters.Clusters.Select(c => (c.Name, c.Weight ?? 0u)).ToList();
        var picked = action.ClusterSpecifierCase == RouteAction.ClusterSpecifierOneofCase.WeightedClusters
            ? action.WeightedClusters.Clusters[pick % action.WeightedClusters.Clusters.Count]
            : null;

        var upstream = headers.Where(h => !h.Key.StartsWith(':')).ToDictionary(h => h.Key, h => new List<string> { h.Value }, StringComparer.OrdinalIgnoreCase);
        if (picked is not null)
        {
            Mutate(upstream, picked.RequestHeadersToAdd, picked.RequestHeadersToRemove);
        }

        Mutate(upstream, route.RequestHeadersToAdd, route.RequestHeadersToRemove);
        Mutate(upstream, virtualHost.RequestHeadersToAdd, virtualHost.RequestHeadersToRemove);
        var responseAdds = picked is null
            ? ResponseAdds([route.ResponseHeadersToAdd, virtualHost.ResponseHeadersToAdd])
            : ResponseAdds([picked.ResponseHeadersToAdd, route.ResponseHeadersToAdd, virtualHost.ResponseHeadersToAdd]);
        var responseRemoves = new HashSet<string>([.. route.ResponseHeadersToRemove, .. virtualHost.ResponseHeadersToRemove, .. picked?.ResponseHeadersToRemove ?? []], StringComparer.OrdinalIgnoreCase);

        return common with
        {
            Clusters = clusters,
            Cluster = picked?.Name ?? action.Cluster,
            UpstreamPath = RewritePath(route.Match, action, path) + query,
            UpstreamAuthority = picked is { HostRewriteLiteral.Length: > 0 } ? picked.HostRewriteLiteral
                : action.HostRewriteLiteral is { Length: > 0 } literal ? literal
                : request.Authority,
            UpstreamHeaders = upstream.ToDictionary(h => h.Key, h => (IReadOnlyList<string>)h.Value, StringComparer.OrdinalIgnoreCase),
            ResponseHeadersAdded = responseAdds,
            ResponseHeadersRemoved = responseRemoves,
            Timeout = action.Timeout?.ToTimeSpan(),
            Retry = action.RetryPolicy ?? virtualHost.RetryPolicy,
            Mirrors = action.RequestMirrorPolicies.Select(m => (m.Cluster, Percent(m.RuntimeFraction?.DefaultValue))).ToList(),
            HashPolicies = [.. action.HashPolicy],
        };
    }

    private static VirtualHost? SelectVirtualHost(IEnumerable<VirtualHost> virtualHosts, string authority)
    {
        var candidates = virtualHosts.SelectMany(v => v.Domains.Select(d => (Domain: d, VirtualHost: v))).ToList();
        var exact = candidates.FirstOrDefault(c => !c.Domain.Contains('*') && string.Equals(c.Domain, authority, StringComparison.OrdinalIgnoreCase));
        if (exact.VirtualHost is not null)
        {
            return exact.VirtualHost;
        }

        var suffix = candidates
            .Where(c => c.Domain.Length > 1 && c.Domain.StartsWith('*') && authority.Length > c.Domain.Length - 1
                && authority.EndsWith(c.Domain[1..], StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(c => c.Domain.Length)
            .FirstOrDefault();
        if (suffix.VirtualHost is not null)
        {
            return suffix.VirtualHost;
        }

        var prefix = candidates
            .Where(c => c.Domain.Length > 1 && c.Domain.EndsWith('*') && authority.StartsWith(c.Domain[..^1], StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(c => c.Domain.Length)
            .FirstOrDefault();
        return prefix.VirtualHost ?? candidates.FirstOrDefault(c => c.Domain == "*").VirtualHost;
    }

    private static (string Host, string? Port) SplitAuthority(string authority)
    {
        var colon = authority.LastIndexOf(':');
        return colon > 0 && !authority.EndsWith(']') && authority[(colon + 1)..].All(char.IsAsciiDigit)
            ? (authority[..colon], authority[(colon + 1)..])
            : (authority, null);
    }

    private static Dictionary<string, string> ParseQuery(string query)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            result.TryAdd(equals < 0 ? pair : pair[..equals], equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..]));
        }

        return result;
    }

    private static bool QueryMatches(QueryParameterMatcher matcher, IReadOnlyDictionary<string, string> parameters)
    {
        var present = parameters.TryGetValue(matcher.Name, out var value);
        return matcher.QueryParameterMatchSpecifierCase switch
        {
            QueryParameterMatcher.QueryParameterMatchSpecifierOneofCase.PresentMatch => present == matcher.PresentMatch,
            QueryParameterMatcher.QueryParameterMatchSpecifierOneofCase.StringMatch => present && StringMatches(matcher.StringMatch, value!),
            _ => present,
        };
    }

    private static T? PerFilter<T>(EnvoyRoute route, VirtualHost virtualHost, string filter) where T : class, Google.Protobuf.IMessage, new()
    {
        var config = route.TypedPerFilterConfig.TryGetValue(filter, out var onRoute) ? onRoute
            : virtualHost.TypedPerFilterConfig.TryGetValue(filter, out var onHost) ? onHost
            : null;
        return config?.Unpack<T>();
    }

    private static void Mutate(Dictionary<string, List<string>> headers, RepeatedField<HeaderValueOption> add, RepeatedField<string> remove)
    {
        foreach (var name in remove)
        {
            headers.Remove(name);
        }

        foreach (var option in add)
        {
            var name = option.Header.Key;
            switch (option.AppendAction)
            {
                case HeaderValueOption.Types.HeaderAppendAction.OverwriteIfExistsOrAdd:
                    headers[name] = [option.Header.Value];
                    break;
                case HeaderValueOption.Types.HeaderAppendAction.AddIfAbsent:
                    headers.TryAdd(name, [option.Header.Value]);
                    break;
                case HeaderValueOption.Types.HeaderAppendAction.OverwriteIfExists:
                    if (headers.ContainsKey(name))
                    {
                        headers[name] = [option.Header.Value];
                    }

                    break;
                default:
                    if (!headers.TryGetValue(name, out var values))
                    {
                        headers[name] = values = [];
                    }

                    values.Add(option.Header.Value);
                    break;
            }
        }
    }

    private static Dictionary<string, IReadOnlyList<string>> ResponseAdds(IEnumerable<RepeatedField<HeaderValueOption>> levels)
    {
        var headers = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var level in levels)
        {
            Mutate(headers, level, []);
        }

        return headers.ToDictionary(h => h.Key, h => (IReadOnlyList<string>)h.Value, StringComparer.OrdinalIgnoreCase);
    }

    private static string RewritePath(RouteMatch match, RouteAction action, string path)
    {
        if (action.RegexRewrite is { } regex)
        {
            var substitution = Regex.Replace(regex.Substitution, @"\\(\d)", "$$$1");
            return Regex.Replace(path, regex.Pattern.Regex, substitution, RegexOptions.None, TimeSpan.FromSeconds(1));
        }

        if (action.PrefixRewrite is not { Length: > 0 } prefixRewrite)
        {
            return path;
        }

        return match.PathSpecifierCase == RouteMatch.PathSpecifierOneofCase.Prefix
            ? prefixRewrite + path[match.Prefix.Length..]
            : prefixRewrite;
    }

    private static uint RedirectStatus(RedirectAction.Types.RedirectResponseCode code) => code switch
    {
        RedirectAction.Types.RedirectResponseCode.Found => 302,
        RedirectAction.Types.RedirectResponseCode.SeeOther => 303,
        RedirectAction.Types.RedirectResponseCode.TemporaryRedirect => 307,
        RedirectAction.Types.RedirectResponseCode.PermanentRedirect => 308,
        _ => 301,
    };

    private static string RedirectLocation(EnvoyRoute route, string requestScheme, string host, string? port, string path, string query)
    {
        var redirect = route.Redirect;
        var scheme = redirect.HttpsRedirect ? "https" : redirect.SchemeRedirect is { Length: > 0 } s ? s : requestScheme;
        var newHost = redirect.HostRedirect is { Length: > 0 } h ? h : host;
        var newPort = redirect.PortRedirect != 0 ? redirect.PortRedirect.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : scheme != requestScheme ? null
            : port;
        var newPath = redirect.PathRedirect is { Length: > 0 } p ? p
            : redirect.PrefixRewrite is { Length: > 0 } prefix && route.Match.PathSpecifierCase == RouteMatch.PathSpecifierOneofCase.Prefix
                ? prefix + path[route.Match.Prefix.Length..]
                : path;
        return $"{scheme}://{newHost}{(newPort is null ? "" : ":" + newPort)}{newPath}{(redirect.StripQuery ? "" : query)}";
    }

    private static double Percent(FractionalPercent? fraction) => fraction is null ? 100 : fraction.Denominator switch
    {
        FractionalPercent.Types.DenominatorType.Hundred => fraction.Numerator,
        FractionalPercent.Types.DenominatorType.TenThousand => fraction.Numerator / 100.0,
        _ => fraction.Numerator / 10_000.0,
    };

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
        StringMatcher.MatchPatternOneofCase.Exact => string.Equals(value, matcher.Exact, matcher.IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal),
        StringMatcher.MatchPatternOneofCase.Prefix => value.StartsWith(matcher.Prefix, matcher.IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal),
        StringMatcher.MatchPatternOneofCase.Suffix => value.EndsWith(matcher.Suffix, matcher.IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal),
        StringMatcher.MatchPatternOneofCase.SafeRegex => FullMatch(matcher.SafeRegex.Regex, value),
        _ => false,
    };

    private static bool FullMatch(string pattern, string value) => Regex.IsMatch(value, $"^(?:{pattern})$", RegexOptions.None, TimeSpan.FromSeconds(1));
}
