using Envoy.Config.Core.V3;
using Envoy.Config.Route.V3;
using Envoy.Type.Matcher.V3;
using Google.Protobuf.WellKnownTypes;
using Istiod.Net.Config.Model;
using Istiod.Net.Push.Delegation;
using EnvoyRoute = Envoy.Config.Route.V3.Route;

namespace Istiod.Net.Xds.Generation.Routes;

/// <summary>
/// VirtualService HTTP rules as Envoy routes, in rule order, one route per match: forward (weighted
/// clusters, rewrite, timeout, retries, mirrors, hash policy), redirect or direct response, with fault and
/// CORS as per-route filter configs and header operations for the route and each destination.
/// </summary>
public static class HttpRouteTranslator
{
    public const string DefaultRouteName = "default";

    /// <summary>The route of a service without VirtualService: everything to its cluster, Istio's defaults.</summary>
    public static EnvoyRoute DefaultRoute(ResolvedDestination destination, RouteDestinationResolver resolver)
    {
        var action = new RouteAction { Cluster = destination.Cluster, RetryPolicy = EnvoyRetryPolicyTranslator.Default() };
        SetTimeout(action, null);
        action.HashPolicy.AddRange(resolver.HashPolicies(destination));
        return new EnvoyRoute { Name = DefaultRouteName, Match = new RouteMatch { Prefix = "/" }, Route_ = action };
    }

    public static IEnumerable<EnvoyRoute> Translate(IReadOnlyList<ScopedHttpRoute> rules, RouteMatchScope scope, RouteDestinationResolver resolver)
    {
        for (var index = 0; index < rules.Count; index++)
        {
            var scoped = rules[index];
            var rule = scoped.Rule;
            if (rule.Route is not { Count: > 0 } && rule.Redirect is null && rule.DirectResponse is null)
            {
                continue;
            }

            IReadOnlyList<HttpMatchRequest?> matches = rule.Match is { Count: > 0 } given ? given : NoMatch;
            var matchIndex = 0;
            foreach (var match in matches)
            {
                if (EnvoyRouteMatchTranslator.Translate(match, scope, scoped.VirtualServiceNamespace) is not { } routeMatch)
                {
                    continue;
                }

                var route = new EnvoyRoute { Name = RouteName(rule, match, index, matchIndex++), Match = routeMatch };
                if (rule.Redirect is { } redirect)
                {
                    route.Redirect = RedirectTranslator.Translate(redirect, scope.Port);
                }
                else if (rule.DirectResponse is { } direct)
                {
                    route.DirectResponse = DirectResponseTranslator.Translate(direct);
                }
                else if (Forward(scoped, routeMatch, resolver, route) is not { } action)
                {
                    continue;
                }
                else
                {
                    route.Route_ = action;
                }

                HeaderMutationTranslator.AddTo(rule.Headers?.Request, route.RequestHeadersToAdd, route.RequestHeadersToRemove);
                HeaderMutationTranslator.AddTo(rule.Headers?.Response, route.ResponseHeadersToAdd, route.ResponseHeadersToRemove);
                if (rule.Fault is not null && FaultTranslator.Translate(rule.Fault) is { } fault)
                {
                    route.TypedPerFilterConfig[HttpFilterNames.Fault] = Any.Pack(fault);
                }

                if (rule.CorsPolicy is { } cors)
                {
                    route.TypedPerFilterConfig[HttpFilterNames.Cors] = Any.Pack(CorsPolicyTranslator.Translate(cors));
                }

                yield return route;
            }
        }
    }

    private static RouteAction? Forward(ScopedHttpRoute scoped, RouteMatch match, RouteDestinationResolver resolver, EnvoyRoute route)
    {
        var rule = scoped.Rule;
        var destinations = (rule.Route ?? []).Where(d => d.Destination?.Host is { Length: > 0 }).ToList();
        if (destinations.Count == 0)
        {
            return null;
        }

        var weights = RouteWeights.Normalize(destinations.Select(d => d.Weight).ToList());
        var chosen = destinations.Select((d, i) => (Spec: d, Weight: weights[i], Resolved: resolver.Resolve(d.Destination!, scoped.HostNamespace)))
            .Where(d => d.Weight > 0)
            .ToList();
        var action = new RouteAction();
        if (chosen.Count == 1)
        {
            action.Cluster = chosen[0].Resolved.Cluster;

            // One destination: its header operations join the route's.
            HeaderMutationTranslator.AddTo(chosen[0].Spec.Headers?.Request, route.RequestHeadersToAdd, route.RequestHeadersToRemove);
            HeaderMutationTranslator.AddTo(chosen[0].Spec.Headers?.Response, route.ResponseHeadersToAdd, route.ResponseHeadersToRemove);
            if (HeaderMutationTranslator.AuthorityOverride(chosen[0].Spec.Headers?.Request) is { } authority)
            {
                action.HostRewriteLiteral = authority;
            }
        }
        else
        {
            var split = new WeightedCluster();
            foreach (var (spec, weight, resolved) in chosen)
            {
                var cluster = new WeightedCluster.Types.ClusterWeight { Name = resolved.Cluster, Weight = weight };
                HeaderMutationTranslator.AddTo(spec.Headers?.Request, cluster.RequestHeadersToAdd, cluster.RequestHeadersToRemove);
                HeaderMutationTranslator.AddTo(spec.Headers?.Response, cluster.ResponseHeadersToAdd, cluster.ResponseHeadersToRemove);
                if (HeaderMutationTranslator.AuthorityOverride(spec.Headers?.Request) is { } authority)
                {
                    cluster.HostRewriteLiteral = authority;
                }

                split.Clusters.Add(cluster);
            }

            action.WeightedClusters = split;
        }

        action.HashPolicy.AddRange(resolver.HashPolicies(chosen[0].Resolved));
        SetTimeout(action, rule.Timeout);
        if (EnvoyRetryPolicyTranslator.Translate(rule.Retries) is { } retry)
        {
            action.RetryPolicy = retry;
        }

        Rewrite(rule, match, action);
        Mirrors(scoped, resolver, action);
        return action;
    }

    private static void SetTimeout(RouteAction action, string? timeout)
    {
        // No timeout in the VirtualService means none at all (Envoy's own default would be 15s); 0s also
        // disables it. gRPC's grpc-timeout header is honored without a cap other than the route's.
        var duration = IstioDuration.ToProto(timeout) ?? new Duration();
        action.Timeout = duration;
        action.MaxStreamDuration = new RouteAction.Types.MaxStreamDuration { GrpcTimeoutHeaderMax = duration.Clone() };
    }

    private static void Rewrite(HttpRoute rule, RouteMatch match, RouteAction action)
    {
        if (rule.Rewrite is not { } rewrite)
        {
            if (HeaderMutationTranslator.AuthorityOverride(rule.Headers?.Request) is { } headerAuthority)
            {
                action.HostRewriteLiteral = headerAuthority;
            }

            return;
        }

        if (rewrite.UriRegexRewrite is { Match: { Length: > 0 } pattern } regexRewrite)
        {
            action.RegexRewrite = new RegexMatchAndSubstitute
            {
                Pattern = new RegexMatcher { Regex = pattern },
                Substitution = regexRewrite.Rewrite ?? "",
            };
        }
        else if (rewrite.Uri is { Length: > 0 } uri)
        {
            if (match.PathSpecifierCase == RouteMatch.PathSpecifierOneofCase.SafeRegex)
            {
                // A regex match has no prefix to swap: the whole path becomes the new one.
                action.RegexRewrite = new RegexMatchAndSubstitute { Pattern = new RegexMatcher { Regex = "^.*$" }, Substitution = uri };
            }
            else
            {
                action.PrefixRewrite = uri;
            }
        }

        if (rewrite.Authority is { Length: > 0 } authority)
        {
            action.HostRewriteLiteral = authority;
        }
        else if (HeaderMutationTranslator.AuthorityOverride(rule.Headers?.Request) is { } headerAuthority)
        {
            action.HostRewriteLiteral = headerAuthority;
        }
    }

    private static void Mirrors(ScopedHttpRoute scoped, RouteDestinationResolver resolver, RouteAction action)
    {
        var rule = scoped.Rule;
        if (rule.Mirror is { Host.Length: > 0 } mirror)
        {
            action.RequestMirrorPolicies.Add(Mirror(resolver.Resolve(mirror, scoped.HostNamespace), rule.MirrorPercentage, rule.MirrorPercent));
        }

        foreach (var policy in rule.Mirrors ?? [])
        {
            if (policy.Destination is { Host.Length: > 0 } destination)
            {
                action.RequestMirrorPolicies.Add(Mirror(resolver.Resolve(destination, scoped.HostNamespace), policy.Percentage, null));
            }
        }
    }

    private static RouteAction.Types.RequestMirrorPolicy Mirror(ResolvedDestination destination, Config.Model.Percent? percentage, uint? legacyPercent) => new()
    {
        Cluster = destination.Cluster,
        RuntimeFraction = new RuntimeFractionalPercent
        {
            DefaultValue = FractionalPercents.From(percentage, legacyPercent is { } legacy ? (int)Math.Min(legacy, 100) : null),
        },
    };

    private static readonly IReadOnlyList<HttpMatchRequest?> NoMatch = [null];

    private static string RouteName(HttpRoute rule, HttpMatchRequest? match, int ruleIndex, int matchIndex)
    {
        var ruleName = rule.Name is { Length: > 0 } n ? n : $"rule-{ruleIndex}";
        return match?.Name is { Length: > 0 } m ? $"{ruleName}.{m}" : matchIndex == 0 ? ruleName : $"{ruleName}.{matchIndex}";
    }
}
