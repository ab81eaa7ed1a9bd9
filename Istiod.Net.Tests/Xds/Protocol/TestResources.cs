using System.Security.Cryptography;
using Envoy.Config.Cluster.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Istiod.Net.Xds.Protocol;

namespace Istiod.Net.Tests.Xds.Protocol;

/// <summary>Small real Envoy resources, packed and versioned by the hash of their bytes as the seam requires.</summary>
internal static class TestResources
{
    public static XdsResource Cluster(string name, int connectTimeoutSeconds = 1) => Pack(name, new Cluster
    {
        Name = name,
        Type = Envoy.Config.Cluster.V3.Cluster.Types.DiscoveryType.Eds,
        ConnectTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(connectTimeoutSeconds)),
    });

    public static XdsResource Endpoint(string clusterName, params string[] addresses)
    {
        var assignment = new ClusterLoadAssignment { ClusterName = clusterName };
        var locality = new LocalityLbEndpoints();
        foreach (var address in addresses)
        {
            locality.LbEndpoints.Add(new LbEndpoint
            {
                Endpoint = new Envoy.Config.Endpoint.V3.Endpoint
                {
                    Address = new Envoy.Config.Core.V3.Address
                    {
                        SocketAddress = new Envoy.Config.Core.V3.SocketAddress { Address = address, PortValue = 8080 },
                    },
                },
            });
        }

        assignment.Endpoints.Add(locality);
        return Pack(clusterName, assignment);
    }

    public static XdsResource Listener(string name, uint port = 8080) => Pack(name, new Listener
    {
        Name = name,
        Address = new Envoy.Config.Core.V3.Address
        {
            SocketAddress = new Envoy.Config.Core.V3.SocketAddress { Address = "0.0.0.0", PortValue = port },
        },
    });

    public static XdsResource Route(string name, string domain = "*") => Pack(name, new RouteConfiguration
    {
        Name = name,
        VirtualHosts = { new VirtualHost { Name = name, Domains = { domain } } },
    });

    /// <summary>The name a packed resource carries inside it, so tests can check what was really sent.</summary>
    public static string NameOf(Any any) => any.TypeUrl switch
    {
        XdsTypeUrls.Cluster => any.Unpack<Cluster>().Name,
        XdsTypeUrls.Endpoint => any.Unpack<ClusterLoadAssignment>().ClusterName,
        XdsTypeUrls.Listener => any.Unpack<Listener>().Name,
        XdsTypeUrls.Route => any.Unpack<RouteConfiguration>().Name,
        _ => throw new ArgumentException($"no name rule for {any.TypeUrl}"),
    };

    private static XdsResource Pack(string name, IMessage message)
    {
        var any = Any.Pack(message);
        var version = Convert.ToHexString(SHA256.HashData(any.Value.Span))[..16];
        return new XdsResource(name, any, version);
    }
}
