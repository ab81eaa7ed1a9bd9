using Envoy.Config.Route.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Istiod.Net.Config.Model;
using Istiod.Net.Push;
using Istiod.Net.Registry;
using Istiod.Net.Xds.Protocol;
using EnvoyRoute = Envoy.Config.Route.V3.Route;

namespace Istiod.Net.Xds.Generation.Routes;

/// <summary>
/// Route configurations for proxyless gRPC listeners, named like them (<c>host:port</c>): one virtual
/// host for the service, routes from its VirtualService in rule order, or a single default route to the
/// service's cluster. The rules are the index's, delegates already merged in (the same list sidecars
/// translate). What gRPC would NACK is never emitted: rules without a forwarding destination (redirect,
/// direct response) are left out.
/// </summary>
public sealed class GrpcRouteGenerator : IXdsGenerator
{
    public string TypeUrl => XdsTypeUrls.Route;

    /// <summary>Nothing of the workload: every proxyless client of a namespace shares these.</summary>
    public WorkloadFacets WorkloadFacetsFor(string name) => WorkloadFacets.None;

    public IReadOnlySet<DependencyKind> Reads { get; } = new HashSet<DependencyKind>
    {
        DependencyKind.Service, DependencyKind.VirtualService, DependencyKind.DestinationRule, DependencyKind.ConfigKind,
    };

    /// <summary>Delegate VirtualServices have no hosts: a change to one is a change of the kind.</summary>
    public IReadOnlySet<string> ReadsConfigKinds { get; } = new HashSet<string>(StringComparer.Ordinal) { ConfigKinds.VirtualService };

    public IEnumerable<string> ListNames(GenerationContext context, DependencyRecorder read)
    {
        read.Add(Dependency.Service(Dependency.AnyHost));
        foreach (var service in context.Push.Registry.VisibleTo(context.Namespace).Where(s => !Hostnames.IsWildcard(s.Hostname)))
        {
            foreach (var port in service.Ports)
            {
                yield return new HostPort(service.Hostname, port.Number).ToString();
            }
        }
    }

    public IMessage? Generate(GenerationContext context, string name, DependencyRecorder read)
    {
        if (!HostPort.TryParse(name, out var target))
        {
            return null;
        }

        read.Add(Dependency.Service(target.Host));
        if (context.Push.Registry.Find(target.Host, context.Namespace)?.PortByNumber(target.Port) is null)
        {
            return null;
        }

        read.Add(Dependency.VirtualService(target.Host));
        read.Add(Dependency.Config(ConfigKinds.VirtualService));
        var virtualService = context.Push.VirtualServices.ForHost(target.Host, context.Namespace);
        var virtualHost = new VirtualHost { Name = name, Domains = { target.Host, name } };
        if (virtualService is null)
        {
            virtualHost.Routes.Add(DefaultRoute(context, target, read));
        }
        else
        {
            virtualHost.Routes.AddRange(Translate(context, virtualService, target, read));
        }

        return new RouteConfiguration { Name = name, VirtualHosts = { virtualHost } };
    }

    private static EnvoyRoute DefaultRoute(GenerationContext context, HostPort target, DependencyRecorder read)
    {
        var action = new RouteAction { Cluster = ClusterName.ForOutbound(target.Port, "", target.Host) };
        action.HashPolicy.AddRange(HashPolicies(context, target.Host, "", target.Port, read));
        return new EnvoyRoute { Name = "default", Match = new RouteMatch { Prefix = "/" }, Route_ = action };
    }

    private static IEnumerable<EnvoyRoute> Translate(GenerationContext context, VirtualServiceEntry virtualService, HostPort target, DependencyRecorder read)
    {
        var rules = virtualService.HttpRoutes;
        for (var index = 0; index < rules.Count; index++)
        {
            var rule = rules[index].Rule;
            var action = Action(context, rules[index].HostNamespace, rule, target, read);
            if (action is null)
            {
                continue;
            }

            var fault = rule.Fault is null ? null : FaultTranslator.Translate(rule.Fault);
            IReadOnlyList<HttpMatchRequest?> matches = rule.Match is { Count: > 0 } given ? given : NoMatch;
            var matchIndex = 0;
            foreach (var match in matches)
            {
                if (RouteMatchTranslator.Translate(match, target.Port, context.Namespace) is not { } routeMatch)
                {
                    continue;
                }

                var route = new EnvoyRoute
                {
                    Name = RouteName(rule, match, index, matchIndex++),
                    Match = routeMatch,
                    Route_ = action.Clone(),
                };
                if (fault is not null)
                {
                    route.TypedPerFilterConfig[HttpFilterNames.Fault] = Any.Pack(fault);
                }

                yield return route;
            }
        }
    }

    /// <param name="hostNamespace">Where short destination hosts resolve: the delegate's namespace for its rules.</param>
    private static RouteAction? Action(GenerationContext context, string hostNamespace, HttpRoute rule, HostPort target, DependencyRecorder read)
    {
        var destinations = (rule.Route ?? []).Where(d => d.Destination?.Host is { Length: > 0 }).ToList();
        if (destinations.Count == 0)
        {
            return null;
        }

        var clusters = destinations
            .Select(d => Destination(context, d.Destination!, hostNamespace, target, read))
            .ToList();
        var action = new RouteAction();
        if (clusters.Count == 1)
        {
            action.Cluster = clusters[0].Cluster;
        }
        else
        {
            var weights = RouteWeights.Normalize(destinations.Select(d => d.Weight).ToList());
            var split = new WeightedCluster();
            for (var i = 0; i < clusters.Count; i++)
            {
                if (weights[i] > 0)
                {
                    split.Clusters.Add(new WeightedCluster.Types.ClusterWeight { Name = clusters[i].Cluster, Weight = weights[i] });
                }
            }

            action.WeightedClusters = split;
        }

        var first = clusters[0];
        action.HashPolicy.AddRange(HashPolicies(context, first.Host, first.Subset, first.Port, read));

        if (IstioDuration.ToProto(rule.Timeout) is { } timeout)
        {
            // gRPC reads max_stream_duration (gRFC A31); Envoy reads timeout. Both say the same.
            action.Timeout = timeout;
            action.MaxStreamDuration = new RouteAction.Types.MaxStreamDuration { MaxStreamDuration_ = timeout, GrpcTimeoutHeaderMax = timeout };
        }

        if (RetryPolicyTranslator.Translate(rule.Retries) is { } retry)
        {
            action.RetryPolicy = retry;
        }

        return action;
    }

    private static (string Cluster, string Host, string Subset, uint Port) Destination(
        GenerationContext context, Destination destination, string virtualServiceNamespace, HostPort target, DependencyRecorder read)
    {
        var host = Hostnames.Resolve(destination.Host!, virtualServiceNamespace, context.Push.DnsDomain);
        read.Add(Dependency.Service(host));
        var port = destination.Port?.Number is > 0 and var explicitPort
            ? explicitPort
            : context.Push.Registry.Find(host, context.Namespace) is { Ports.Count: 1 } single
                ? single.Ports[0].Number
                : target.Port;
        var subset = destination.Subset ?? "";
        return (ClusterName.ForOutbound(port, subset, host), host, subset, port);
    }

    private static IEnumerable<RouteAction.Types.HashPolicy> HashPolicies(
        GenerationContext context, string host, string subset, uint port, DependencyRecorder read)
    {
        read.Add(Dependency.DestinationRule(host));
        var rule = context.Push.DestinationRules.ForHost(host, context.Namespace);
        return HashPolicyTranslator.Translate(EffectiveTrafficPolicy.LoadBalancer(rule, subset, port));
    }

    private static readonly IReadOnlyList<HttpMatchRequest?> NoMatch = [null];

    private static string RouteName(HttpRoute rule, HttpMatchRequest? match, int ruleIndex, int matchIndex)
    {
        var ruleName = rule.Name is { Length: > 0 } n ? n : $"rule-{ruleIndex}";
        return match?.Name is { Length: > 0 } m ? $"{ruleName}.{m}" : matchIndex == 0 ? ruleName : $"{ruleName}.{matchIndex}";
    }
}
