namespace Istiod.Net.Xds.Protocol;

/// <summary>The type URLs of the xDS resources, and the order a push sends them in.</summary>
public static class XdsTypeUrls
{
    public const string Cluster = "type.googleapis.com/envoy.config.cluster.v3.Cluster";
    public const string Endpoint = "type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment";
    public const string Listener = "type.googleapis.com/envoy.config.listener.v3.Listener";
    public const string Route = "type.googleapis.com/envoy.config.route.v3.RouteConfiguration";
    public const string Secret = "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret";

    /// <summary>
    /// Clusters before the endpoints they reference, listeners before their routes, secrets last:
    /// the order in which Envoy expects a full push so it never warms on a missing dependency.
    /// </summary>
    public static readonly IReadOnlyList<string> PushOrder = [Cluster, Endpoint, Listener, Route, Secret];

    /// <summary>Types whose bare (nameless) subscription means "everything" in state of the world.</summary>
    public static bool IsWildcardByDefault(string typeUrl) => typeUrl is Cluster or Listener;

    /// <summary>Whether this control plane knows the type (it may still serve nothing of it to a given client).</summary>
    public static bool IsKnown(string typeUrl) => typeUrl is Cluster or Endpoint or Listener or Route or Secret;

    /// <summary>
    /// The type as a metric label or log field: the short name of a known type, <c>other</c> for anything a
    /// client made up, so client text never becomes a metric series.
    /// </summary>
    public static string Label(string typeUrl) => IsKnown(typeUrl) ? ShortName(typeUrl) : "other";

    public static string ShortName(string typeUrl) => typeUrl switch
    {
        Cluster => "CDS",
        Endpoint => "EDS",
        Listener => "LDS",
        Route => "RDS",
        Secret => "SDS",
        _ => typeUrl[(typeUrl.LastIndexOf('.') + 1)..],
    };
}
