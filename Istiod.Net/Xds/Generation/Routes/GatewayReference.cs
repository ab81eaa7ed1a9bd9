namespace Istiod.Net.Xds.Generation.Routes;

/// <summary>How VirtualServices name gateways: <c>mesh</c>, <c>name</c> (own namespace) or <c>namespace/name</c>.</summary>
public static class GatewayReference
{
    public const string Mesh = "mesh";

    /// <summary>The reference as <c>namespace/name</c>, or <c>mesh</c>.</summary>
    public static string Resolve(string reference, string virtualServiceNamespace)
    {
        var trimmed = reference.Trim();
        if (trimmed == Mesh || trimmed.Contains('/'))
        {
            return trimmed;
        }

        // Istio also accepts "name.namespace.svc.cluster.local"-style names from its first API version.
        var dot = trimmed.IndexOf('.');
        return dot > 0 ? $"{trimmed[(dot + 1)..].Split('.')[0]}/{trimmed[..dot]}" : $"{virtualServiceNamespace}/{trimmed}";
    }

    public static string Of(string gatewayNamespace, string gatewayName) => $"{gatewayNamespace}/{gatewayName}";
}
