using System.Globalization;

namespace Istiod.Net.Xds.Generation;

/// <summary>
/// Istio's cluster names: <c>outbound|port|subset|host</c> (subset empty for the whole service), also the
/// EDS service name of the cluster.
/// </summary>
public sealed record ClusterName(string Direction, uint Port, string Subset, string Host)
{
    public const string Outbound = "outbound";

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
