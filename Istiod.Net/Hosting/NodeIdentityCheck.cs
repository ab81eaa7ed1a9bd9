using Envoy.Config.Core.V3;
using Google.Protobuf.WellKnownTypes;
using Istiod.Net.Security;

namespace Istiod.Net.Hosting;

/// <summary>
/// istiod's connection identity check: a node may only describe the workload its credential proved. The
/// namespace in the node id (<c>type~ip~pod.namespace~…</c>) and metadata NAMESPACE, where stated, must be
/// the identity's namespace (config is served for that namespace), and metadata SERVICE_ACCOUNT, where
/// stated, its service account. Anything else is another workload's config asked for with our credential.
/// </summary>
public static class NodeIdentityCheck
{
    /// <summary>Why the node does not match <paramref name="identity"/>, or null when it does.</summary>
    public static string? Mismatch(Node node, SpiffeIdentity identity)
    {
        var idNamespace = IdNamespace(node.Id);
        if (idNamespace is not null && idNamespace != identity.Namespace)
        {
            return $"node.id names namespace '{Shorten(idNamespace)}' but the credential is for {identity}";
        }

        var fields = node.Metadata?.Fields;
        if (Text(fields, "NAMESPACE") is { } metaNamespace && metaNamespace != identity.Namespace)
        {
            return $"node metadata NAMESPACE '{Shorten(metaNamespace)}' is not the namespace of the credential's identity {identity}";
        }

        if (Text(fields, "SERVICE_ACCOUNT") is { } serviceAccount && serviceAccount != identity.ServiceAccount)
        {
            return $"node metadata SERVICE_ACCOUNT '{Shorten(serviceAccount)}' is not the service account of the credential's identity {identity}";
        }

        return null;
    }

    /// <summary>The namespace part of <c>type~ip~workload.namespace~domain</c>, as the proxy parser reads it.</summary>
    private static string? IdNamespace(string? id)
    {
        var parts = (id ?? "").Split('~');
        if (parts.Length != 4)
        {
            return null;
        }

        var workload = parts[2];
        var dot = workload.LastIndexOf('.');
        return dot > 0 && dot < workload.Length - 1 ? workload[(dot + 1)..] : null;
    }

    private static string? Text(IDictionary<string, Value>? fields, string key) =>
        fields is not null && fields.TryGetValue(key, out var value) && value.KindCase == Value.KindOneofCase.StringValue && value.StringValue.Length > 0
            ? value.StringValue
            : null;

    /// <summary>Client text in a message: bounded.</summary>
    private static string Shorten(string text) => text.Length > 100 ? text[..100] + "..." : text;
}
