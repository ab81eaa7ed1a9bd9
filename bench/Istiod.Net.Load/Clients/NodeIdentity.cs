using System.Globalization;
using Envoy.Config.Core.V3;
using Google.Protobuf.WellKnownTypes;

namespace Istiod.Net.Load.Clients;

/// <summary>The xDS node a proxyless gRPC client in the mesh presents, as Istio's gRPC bootstrap writes it.</summary>
public static class NodeIdentity
{
    /// <summary>
    /// <c>sidecar~10.x.y.z~load-&lt;i&gt;.&lt;ns&gt;~&lt;ns&gt;.svc.cluster.local</c> with GENERATOR=grpc and
    /// NAMESPACE, so the server picks its proxyless gRPC generators.
    /// </summary>
    public static Node For(int index, string ns)
    {
        var ip = string.Create(CultureInfo.InvariantCulture, $"10.{(index >> 16) & 255}.{(index >> 8) & 255}.{index & 255}");
        var metadata = new Struct();
        metadata.Fields["GENERATOR"] = Value.ForString("grpc");
        metadata.Fields["NAMESPACE"] = Value.ForString(ns);
        metadata.Fields["INSTANCE_IPS"] = Value.ForString(ip);
        return new Node
        {
            Id = string.Create(CultureInfo.InvariantCulture, $"sidecar~{ip}~load-{index}.{ns}~{ns}.svc.cluster.local"),
            Cluster = "istiod-net-load",
            Metadata = metadata,
            UserAgentName = "istiod-net-load",
            // What gRPC clients announce: they ignore overprovisioning, and accept a resource wrapped in Resource.
            ClientFeatures = { "envoy.lb.does_not_support_overprovisioning", "xds.config.resource-in-sotw" },
        };
    }
}
