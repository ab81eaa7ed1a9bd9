namespace Istiod.Net.Xds.Protocol;

/// <summary>Orders type URLs as a push sends them: <see cref="XdsTypeUrls.PushOrder"/> first, others after.</summary>
internal static class XdsTypeOrder
{
    public static IReadOnlyList<string> Sort(IEnumerable<string> typeUrls) => typeUrls
        .OrderBy(Rank)
        .ThenBy(type => type, StringComparer.Ordinal)
        .ToArray();

    private static int Rank(string typeUrl)
    {
        for (var i = 0; i < XdsTypeUrls.PushOrder.Count; i++)
        {
            if (XdsTypeUrls.PushOrder[i] == typeUrl)
            {
                return i;
            }
        }

        return XdsTypeUrls.PushOrder.Count;
    }
}
