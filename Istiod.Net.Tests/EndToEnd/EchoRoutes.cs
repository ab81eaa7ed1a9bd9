using System.Globalization;
using System.Text;

namespace Istiod.Net.Tests.EndToEnd;

/// <summary>
/// The `http:` section of a VirtualService for an <see cref="EchoService"/>, as YAML indented to
/// sit under `spec:`. Written out by hand on purpose: the tests feed the control plane the same
/// text a user would put in a file.
/// </summary>
public static class EchoRoutes
{
    public static string AllTo(string host, string subset) => Weighted(host, (subset, 100));

    /// <summary>Every RPC to the service's cluster without a subset: all endpoints, balanced by the DestinationRule's policy.</summary>
    public static string ToService(string host, string? extra = null) =>
        string.Create(CultureInfo.InvariantCulture, $"  http:\n  - route:\n    - destination:\n        host: {host}\n") + Indent(extra);

    /// <summary>Every RPC to one subset, with more of the rule (retries:, timeout:, fault:) as YAML indented to sit under the rule.</summary>
    public static string AllTo(string host, string subset, string extra) => AllTo(host, subset) + Indent(extra);

    private static string Indent(string? extra) =>
        extra is null ? "" : string.Concat(extra.TrimEnd('\n').Split('\n').Select(line => "    " + line + "\n"));

    public static string Weighted(string host, params (string Subset, int Weight)[] destinations)
    {
        var yaml = new StringBuilder("  http:\n  - route:\n");
        AppendDestinations(yaml, host, destinations);
        return yaml.ToString();
    }

    /// <summary>RPCs whose <paramref name="header"/> is exactly <paramref name="value"/> go to one subset, all others to another.</summary>
    public static string HeaderMatch(string host, string header, string value, string matchSubset, string otherSubset)
    {
        var yaml = new StringBuilder("  http:\n");
        yaml.Append("  - match:\n    - headers:\n");
        yaml.Append(CultureInfo.InvariantCulture, $"        {header}:\n          exact: {value}\n");
        yaml.Append("    route:\n");
        AppendDestinations(yaml, host, (matchSubset, 100));
        yaml.Append("  - route:\n");
        AppendDestinations(yaml, host, (otherSubset, 100));
        return yaml.ToString();
    }

    private static void AppendDestinations(StringBuilder yaml, string host, params (string Subset, int Weight)[] destinations)
    {
        foreach (var (subset, weight) in destinations)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"    - destination:\n        host: {host}\n        subset: {subset}\n");
            if (destinations.Length > 1)
            {
                yaml.Append(CultureInfo.InvariantCulture, $"      weight: {weight}\n");
            }
        }
    }
}
