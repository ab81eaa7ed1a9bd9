namespace Istiod.Net.Config.Validation.Security;

/// <summary>The attribute keys an AuthorizationPolicy <c>when</c> condition may use, and how their values are checked.</summary>
public static class AuthorizationConditionKeys
{
    private static readonly HashSet<string> Plain = new(StringComparer.Ordinal)
    {
        "source.ip", "remote.ip", "source.namespace", "source.principal", "source.serviceAccount", "source.trustDomain",
        "request.auth.principal", "request.auth.audiences", "request.auth.presenter",
        "destination.ip", "destination.port", "connection.sni",
    };

    private static readonly string[] Indexed = ["request.headers[", "request.auth.claims[", "experimental.envoy.filters."];

    public static bool IsKnown(string key) =>
        Plain.Contains(key) || Indexed.Any(prefix => key.StartsWith(prefix, StringComparison.Ordinal) && key.EndsWith(']') && key.Length > prefix.Length + 1);

    public static bool IsIpKey(string key) => key is "source.ip" or "remote.ip" or "destination.ip";

    public static bool IsPortKey(string key) => key == "destination.port";
}
