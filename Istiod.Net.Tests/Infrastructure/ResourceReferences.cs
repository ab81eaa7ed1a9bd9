using System.Collections;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Istiod.Net.Xds.Protocol;
using Istiod.Net.Xds.Validation;

namespace Istiod.Net.Tests.Infrastructure;

/// <summary>
/// The names generated resources point at, by type: route configurations named by RDS, assignments of EDS
/// clusters and SDS secrets. Found by walking every message (Any content included), so it works for any
/// generator's output, as Envoy would discover them.
/// </summary>
public static class ResourceReferences
{
    public static Dictionary<string, HashSet<string>> Collect(IEnumerable<XdsResource> resources)
    {
        var found = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal)
        {
            [XdsTypeUrls.Route] = new(StringComparer.Ordinal),
            [XdsTypeUrls.Endpoint] = new(StringComparer.Ordinal),
            [XdsTypeUrls.Secret] = new(StringComparer.Ordinal),
        };
        foreach (var resource in resources)
        {
            Walk(resource.Resource, found, 0);
        }

        return found;
    }

    private static void Walk(IMessage message, Dictionary<string, HashSet<string>> found, int depth)
    {
        if (depth > 64)
        {
            return;
        }

        switch (message)
        {
            case Any any:
                if (ProtoTypes.Find(Any.GetTypeName(any.TypeUrl)) is { } type)
                {
                    Walk(type.Parser.ParseFrom(any.Value), found, depth + 1);
                }

                return;
            case Envoy.Extensions.Filters.Network.HttpConnectionManager.V3.Rds rds:
                found[XdsTypeUrls.Route].Add(rds.RouteConfigName);
                break;
            case Envoy.Config.Cluster.V3.Cluster { Type: Envoy.Config.Cluster.V3.Cluster.Types.DiscoveryType.Eds } cluster:
                found[XdsTypeUrls.Endpoint].Add(cluster.EdsClusterConfig?.ServiceName is { Length: > 0 } service ? service : cluster.Name);
                break;
            case Envoy.Extensions.TransportSockets.Tls.V3.SdsSecretConfig sds:
                found[XdsTypeUrls.Secret].Add(sds.Name);
                break;
        }

        foreach (var field in message.Descriptor.Fields.InDeclarationOrder())
        {
            if (field.FieldType != FieldType.Message)
            {
                continue;
            }

            var value = field.Accessor.GetValue(message);
            IEnumerable items = field.IsMap ? ((IDictionary)value).Values : field.IsRepeated ? (IEnumerable)value : new[] { value };
            foreach (var item in items)
            {
                if (item is IMessage child)
                {
                    Walk(child, found, depth + 1);
                }
            }
        }
    }
}
