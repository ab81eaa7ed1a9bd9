using Envoy.Config.Route.V3;
using Envoy.Extensions.Filters.Http.Fault.V3;
using EnvoyCorsPolicy = Envoy.Extensions.Filters.Http.Cors.V3.CorsPolicy;
using EnvoyRoute = Envoy.Config.Route.V3.Route;

namespace Istiod.Net.Tests.Infrastructure;

/// <summary>
/// Where a request went under a route configuration and what the route does to it on the way: the cluster
/// split, the rewritten path and authority, the upstream headers, timeout, retries, fault, mirrors, CORS;
/// or the redirect or direct answer.
/// </summary>
public sealed record RouteDecision
{
    public required RouteDecisionKind Kind { get; init; }
    public VirtualHost? VirtualHost { get; init; }
    public EnvoyRoute? Route { get; init; }

    /// <summary>The status a client sees without upstream involvement (404, a redirect code, a direct status).</summary>
    public uint? Status { get; init; }

    public IReadOnlyList<(string Cluster, uint Weight)> Clusters { get; init; } = [];

    /// <summary>The cluster the simulation forwarded to (the picked entry of a split).</summary>
    public string? Cluster { get; init; }

    public string? Location { get; init; }
    public string? Body { get; init; }

    /// <summary>Path and authority sent upstream, after rewrites.</summary>
    public string? UpstreamPath { get; init; }
    public string? UpstreamAuthority { get; init; }

    /// <summary>Request headers sent upstream after the header operations of the picked cluster, route and virtual host.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> UpstreamHeaders { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Response headers the proxy adds (name → values) and removes, over whatever the upstream sent.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ResponseHeadersAdded { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
    public IReadOnlySet<string> ResponseHeadersRemoved { get; init; } = new HashSet<string>();

    public TimeSpan? Timeout { get; init; }
    public RetryPolicy? Retry { get; init; }
    public HTTPFault? Fault { get; init; }
    public EnvoyCorsPolicy? Cors { get; init; }
    public IReadOnlyList<(string Cluster, double Percent)> Mirrors { get; init; } = [];
    public IReadOnlyList<RouteAction.Types.HashPolicy> HashPolicies { get; init; } = [];

    public string? RouteName => Route?.Name;
}
