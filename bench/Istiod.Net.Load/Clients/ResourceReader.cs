using Envoy.Config.Cluster.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Istiod.Net.Xds.Protocol;

namespace Istiod.Net.Load.Clients;

/// <summary>
/// Reads the references a proxyless gRPC client follows (gRFC A27): the API listener's HTTP connection
/// manager names a route configuration (or carries one inline), routes name clusters, EDS clusters name
/// their endpoint assignment (<c>eds_cluster_config.service_name</c>, else the cluster's own name).
/// </summary>
public static class ResourceReader
{
    private const string WrappedResourceType = "type.googleapis.com/envoy.service.discovery.v3.Resource";

    /// <summary>Reads one resource of <paramref name="typeUrl"/>, unwrapping a discovery <c>Resource</c> if it is one.</summary>
    /// <exception cref="InvalidProtocolBufferException">The bytes are not a valid resource of that type.</exception>
    public static ResourceRefs Read(string typeUrl, Any resource)
    {
        if (resource.TypeUrl == WrappedResourceType)
        {
            var wrapped = Envoy.Service.Discovery.V3.Resource.Parser.ParseFrom(resource.Value);
            return Read(typeUrl, wrapped.Resource_ ?? new Any { TypeUrl = typeUrl });
        }

        return Read(typeUrl, resource.Value);
    }

    public static ResourceRefs Read(string typeUrl, ByteString value) => typeUrl switch
    {
        XdsTypeUrls.Listener => ReadListener(Listener.Parser.ParseFrom(value)),
        XdsTypeUrls.Route => ReadRoutes(RouteConfiguration.Parser.ParseFrom(value)),
        XdsTypeUrls.Cluster => ReadCluster(Cluster.Parser.ParseFrom(value)),
        XdsTypeUrls.Endpoint => new ResourceRefs(ClusterLoadAssignment.Parser.ParseFrom(value).ClusterName, [], ResourceRefs.NoWeights),
        _ => throw new ArgumentOutOfRangeException(nameof(typeUrl), typeUrl, "not a type a gRPC client follows"),
    };

    private static ResourceRefs ReadListener(Listener listener)
    {
        var manager = listener.ApiListener?.ApiListener_ is { } api && api.Is(HttpConnectionManager.Descriptor)
            ? api.Unpack<HttpConnectionManager>()
            : null;
        if (manager is null)
        {
            return new ResourceRefs(listener.Name, [], ResourceRefs.NoWeights);
        }

        // An inline route configuration (no RDS) has nothing further for this client to subscribe to by name.
        return manager.Rds is { RouteConfigName: { Length: > 0 } routeName }
            ? new ResourceRefs(listener.Name, [routeName], ResourceRefs.NoWeights)
            : new ResourceRefs(listener.Name, [], ResourceRefs.NoWeights);
    }

    private static ResourceRefs ReadRoutes(RouteConfiguration routes)
    {
        var clusters = new SortedSet<string>(StringComparer.Ordinal);
        var weights = new Dictionary<string, uint>(StringComparer.Ordinal);
        foreach (var host in routes.VirtualHosts)
        {
            foreach (var route in host.Routes)
            {
                if (route.Route_ is not { } action)
                {
                    continue;
                }

                switch (action.ClusterSpecifierCase)
                {
                    case RouteAction.ClusterSpecifierOneofCase.Cluster:
                        clusters.Add(action.Cluster);
                        break;
                    case RouteAction.ClusterSpecifierOneofCase.WeightedClusters:
                        foreach (var weighted in action.WeightedClusters.Clusters)
                        {
                            clusters.Add(weighted.Name);
                            weights[weighted.Name] = weighted.Weight ?? 0;
                        }

                        break;
                }
            }
        }

        return new ResourceRefs(routes.Name, clusters.ToArray(), weights);
    }

    private static ResourceRefs ReadCluster(Cluster cluster)
    {
        if (cluster.ClusterDiscoveryTypeCase == Cluster.ClusterDiscoveryTypeOneofCase.Type
            && cluster.Type == Cluster.Types.DiscoveryType.Eds)
        {
            var serviceName = cluster.EdsClusterConfig?.ServiceName is { Length: > 0 } name ? name : cluster.Name;
            return new ResourceRefs(cluster.Name, [serviceName], ResourceRefs.NoWeights);
        }

        return new ResourceRefs(cluster.Name, [], ResourceRefs.NoWeights);
    }
}
