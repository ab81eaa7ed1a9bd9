using System.Net;
using Envoy.Config.Core.V3;
using Google.Protobuf.WellKnownTypes;
using Istiod.Net.Xds.Protocol;

namespace Istiod.Net.Xds.Generation;

/// <summary>
/// Reads a proxy from its xDS node: the id <c>type~ip~workload.namespace~namespace.svc.cluster.local</c>
/// (type sidecar or router) and Istio's metadata keys. Anything unusable is an <see cref="XdsRejectedException"/>
/// whose message says which part is wrong.
/// </summary>
public static class ProxyParser
{
    public static Proxy Parse(Node node, XdsConnectionInfo connection)
    {
        var id = node.Id ?? "";
        if (id.Length == 0)
        {
            throw new XdsRejectedException("node.id is empty; expected type~ip~workload.namespace~namespace.svc.cluster.local");
        }

        var parts = id.Split('~');
        if (parts.Length != 4)
        {
            throw new XdsRejectedException(
                $"node.id '{id}' has {parts.Length} '~'-separated parts; expected 4: type~ip~workload.namespace~namespace.svc.cluster.local");
        }

        var kind = parts[0] switch
        {
            "sidecar" => ProxyKind.Sidecar,
            "router" => ProxyKind.Router,
            _ => throw new XdsRejectedException($"node.id '{id}': type '{parts[0]}' is not 'sidecar' or 'router'"),
        };

        if (!IPAddress.TryParse(parts[1], out var ip))
        {
            throw new XdsRejectedException($"node.id '{id}': '{parts[1]}' is not an IP address");
        }

        var metadata = ReadMetadata(node.Metadata);
        var workload = parts[2];
        var dot = workload.LastIndexOf('.');
        var idNamespace = dot > 0 && dot < workload.Length - 1 ? workload[(dot + 1)..] : null;
        var namespaceName = metadata.Namespace is { Length: > 0 } metaNs ? metaNs : idNamespace;
        if (string.IsNullOrEmpty(namespaceName))
        {
            throw new XdsRejectedException(
                $"node.id '{id}': no namespace: the third part must be workload.namespace, or metadata NAMESPACE must be set");
        }

        var ips = new List<IPAddress> { ip };
        foreach (var extra in metadata.InstanceIps)
        {
            if (IPAddress.TryParse(extra, out var parsed) && !ips.Contains(parsed))
            {
                ips.Add(parsed);
            }
        }

        return new Proxy
        {
            Id = id,
            Kind = kind,
            IpAddresses = ips,
            WorkloadName = dot > 0 ? workload[..dot] : workload,
            Namespace = namespaceName,
            DnsDomain = parts[3],
            Metadata = metadata,
            Workload = new ProxyWorkload
            {
                Kind = kind,
                Labels = metadata.Labels,
                ServiceAccount = metadata.ServiceAccount,
                Addresses = ips.Select(a => a.ToString()).ToArray(),
                Identity = connection.PeerIdentity,
                InterceptionMode = metadata.InterceptionMode,
                Locality = node.Locality is { } locality ? $"{locality.Region}/{locality.Zone}/{locality.SubZone}".TrimEnd('/') : "",
            },
            ConnectionId = connection.ConnectionId,
        };
    }

    private static ProxyMetadata ReadMetadata(Struct? metadata)
    {
        if (metadata is null)
        {
            return new ProxyMetadata();
        }

        var fields = metadata.Fields;
        return new ProxyMetadata
        {
            Namespace = Text(fields, "NAMESPACE"),
            Labels = fields.TryGetValue("LABELS", out var labels) && labels.KindCase == Value.KindOneofCase.StructValue
                ? labels.StructValue.Fields
                    .Where(kv => kv.Value.KindCase == Value.KindOneofCase.StringValue)
                    .ToDictionary(kv => kv.Key, kv => kv.Value.StringValue, StringComparer.Ordinal)
                : new Dictionary<string, string>(),
            Generator = Text(fields, "GENERATOR"),
            InstanceIps = Text(fields, "INSTANCE_IPS")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [],
            ClusterId = Text(fields, "CLUSTER_ID"),
            IstioVersion = Text(fields, "ISTIO_VERSION"),
            ServiceAccount = Text(fields, "SERVICE_ACCOUNT"),
            Network = Text(fields, "NETWORK"),
            InterceptionMode = InterceptionModes.Parse(Text(fields, "INTERCEPTION_MODE")),
        };
    }

    private static string? Text(IDictionary<string, Value> fields, string key) =>
        fields.TryGetValue(key, out var value) && value.KindCase == Value.KindOneofCase.StringValue ? value.StringValue : null;
}
