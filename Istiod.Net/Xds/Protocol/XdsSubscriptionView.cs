namespace Istiod.Net.Xds.Protocol;

/// <summary>How a subscription shows in the status: "*" first for a wildcard, then names in order.</summary>
internal static class XdsSubscriptionView
{
    public static IReadOnlyList<string> Describe(bool wildcard, IEnumerable<string> names)
    {
        var sorted = names.Order(StringComparer.Ordinal);
        return wildcard ? [SotwTypeState.WildcardName, .. sorted] : [.. sorted];
    }
}
