using System.Globalization;

namespace Istiod.Net.Xds.Generation;

/// <summary>
/// The <c>host:port</c> a gRPC client dials as <c>xds:///host:port</c>; it names both the listener and
/// its route configuration.
/// </summary>
public readonly record struct HostPort(string Host, uint Port)
{
    public static bool TryParse(string name, out HostPort hostPort)
    {
        hostPort = default;
        var colon = name.LastIndexOf(':');
        if (colon <= 0 || !uint.TryParse(name.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port is 0 or > 65535)
        {
            return false;
        }

        hostPort = new HostPort(name[..colon].ToLowerInvariant(), port);
        return true;
    }

    public override string ToString() => $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";
}
