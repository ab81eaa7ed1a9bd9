using Envoy.Config.Core.V3;
using Envoy.Config.Route.V3;

namespace Istiod.Net.Tests.Infrastructure;

/// <summary>Where a connection landed: the listener and filter chain, and what the chain does with it.</summary>
public sealed record ListenerMatch(string Listener, string Chain)
{
    /// <summary>The RDS route config name, when the chain's HCM fetches its routes.</summary>
    public string? RouteConfigName { get; init; }

    /// <summary>The routes carried in the listener, when the HCM has them inline.</summary>
    public RouteConfiguration? InlineRoutes { get; init; }

    /// <summary>The tcp_proxy's cluster, or its weighted clusters with weights.</summary>
    public IReadOnlyList<(string Cluster, uint Weight)> TcpClusters { get; init; } = [];

    public TransportSocket? TransportSocket { get; init; }

    /// <summary>Names of the chain's HTTP filters in order (empty for TCP chains).</summary>
    public IReadOnlyList<string> HttpFilters { get; init; } = [];

    public bool IsHttp => RouteConfigName is not null || InlineRoutes is not null;

    /// <summary>The single cluster of a TCP chain.</summary>
    public string? TcpCluster => TcpClusters.Count == 1 ? TcpClusters[0].Cluster : null;
}
