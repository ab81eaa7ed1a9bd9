using System.Net;

namespace Istiod.Net.Config.Validation.Security;

/// <summary>Value checks shared by authorization sources, operations and conditions.</summary>
public static class AuthorizationValues
{
    /// <summary>Istio matches these by exact, prefix ("abc*") or suffix ("*abc") only; a "*" elsewhere never matches.</summary>
    public static string? MatchProblem(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "empty value is not allowed";
        }

        var inner = value.Length > 2 ? value[1..^1] : string.Empty;
        return inner.Contains('*', StringComparison.Ordinal) ? $"\"{value}\": wildcard * is only allowed as a prefix or a suffix" : null;
    }

    public static string? IpProblem(string? value) =>
        value is not null && IsIpOrCidr(value) ? null : $"\"{value}\" is not an IP address or CIDR block";

    public static string? PortProblem(string? value) =>
        uint.TryParse(value, out var port) && port <= 65535 ? null : $"\"{value}\" is not a port number in 0..65535";

    public static bool IsIpOrCidr(string value)
    {
        var slash = value.IndexOf('/');
        if (slash < 0)
        {
            // IPAddress.TryParse also takes legacy forms like "1" (0.0.0.1); Istio only takes dotted quads and IPv6.
            return value.IndexOfAny(['.', ':']) >= 0 && IPAddress.TryParse(value, out _);
        }

        return IPNetwork.TryParse(value, out _) || (IPAddress.TryParse(value[..slash], out var address)
            && int.TryParse(value[(slash + 1)..], out var bits)
            && bits >= 0 && bits <= (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? 128 : 32));
    }
}
