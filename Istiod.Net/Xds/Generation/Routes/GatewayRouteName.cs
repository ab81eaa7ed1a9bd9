using System.Globalization;

namespace Istiod.Net.Xds.Generation.Routes;

/// <summary>
/// Names of gateway route configurations: <c>http.&lt;port&gt;</c> for every plain HTTP server on a port, and
/// <c>https.&lt;port&gt;.&lt;portName&gt;.&lt;gateway&gt;.&lt;namespace&gt;</c> for one terminating HTTPS server.
/// </summary>
public sealed record GatewayRouteName(uint Port, string? PortName = null, string? Gateway = null, string? Namespace = null)
{
    public bool IsHttps => PortName is not null;

    public static string ForHttp(uint port) => $"http.{port.ToString(CultureInfo.InvariantCulture)}";

    public static string ForHttps(uint port, string portName, string gateway, string gatewayNamespace) =>
        $"https.{port.ToString(CultureInfo.InvariantCulture)}.{portName}.{gateway}.{gatewayNamespace}";

    public static bool TryParse(string name, out GatewayRouteName? parsed)
    {
        parsed = null;
        var parts = name.Split('.');
        if (parts.Length < 2 || !uint.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is 0 or > 65535)
        {
            return false;
        }

        // Port names may not hold dots; gateway and namespace names (DNS labels) neither.
        parsed = (parts[0], parts.Length) switch
        {
            ("http", 2) => new GatewayRouteName(port),
            ("https", 5) => new GatewayRouteName(port, parts[2], parts[3], parts[4]),
            _ => null,
        };
        return parsed is not null;
    }

    public override string ToString() => IsHttps ? ForHttps(Port, PortName!, Gateway!, Namespace!) : ForHttp(Port);
}
