using System.Globalization;

namespace Istiod.Net.Xds.Generation;

/// <summary>
/// Istio's cluster names: <c>outbound|port|subset|host</c> (subset empty for the whole service), also the
/// EDS service name of the cluster.
/// </summary>
public sealed record ClusterName(string Direction, uint Port, string Subset, string Host)
{
    public const string Outbound = "outbound";
    public const string Inbound = "inbound";

    /// <summary>Drops the connection: the target of traffic REGISTRY_ONLY refuses.</summary>
    public const string BlackHole = "BlackHoleCluster";

    /// <summary>Forwards to the original destination: outbound traffic ALLOW_ANY lets out.</summary>
    public const string Passthrough = "PassthroughCluster";

    /// <summary>Forwards inbound traffic for ports no listener claims to the workload's original destination.</summary>
    public const string InboundPassthrough = "InboundPassthroughCluster";

    /// <summary>The cluster of a workload port on the proxy's own inbound side: <c>inbound|port||</c>.</summary>
    public static string ForInbound(uint port) => $"{Inbound}|{port.ToString(CultureInfo.InvariantCulture)}||";

    /// <summary>The SNI of mesh mTLS to a cluster: <c>outbound_.port_.subset_.host</c>.</summary>
    public static string MeshSni(uint port, string subset, string host) =>
        $"{Outbound}_.{port.ToString(CultureInfo.InvariantCulture)}_.{subset}_.{host}";

    public static string ForOutbound(uint port, string subset, string host) =>
        $"{Outbound}|{port.ToString(CultureInfo.InvariantCulture)}|{subset}|{host}";

    public static bool TryParse(string name, out ClusterName? cluster)
    {
        cluster = null;
        var parts = name.Split('|');
        if (parts.Length != 4 || parts[0].Length == 0 || parts[3].Length == 0
            || !uint.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is 0 or > 65535)
        {
            return false;
        }

        cluster = new ClusterName(parts[0], port, parts[2], parts[3]);
        return true;
    }

    public override string ToString() => $"{Direction}|{Port.ToString(CultureInfo.InvariantCulture)}|{Subset}|{Host}";
}
