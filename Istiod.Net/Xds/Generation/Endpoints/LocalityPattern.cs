namespace Istiod.Net.Xds.Generation.Endpoints;

/// <summary>
/// Localities as Istio writes them: "region/zone/subzone" with trailing parts optional, and patterns in
/// localityLbSetting where a part may be "*" (any, and everything after it).
/// </summary>
public static class LocalityPattern
{
    public static (string Region, string Zone, string SubZone) Split(string locality)
    {
        var parts = (locality ?? "").Split('/', 3);
        return (parts.ElementAtOrDefault(0) ?? "", parts.ElementAtOrDefault(1) ?? "", parts.ElementAtOrDefault(2) ?? "");
    }

    /// <summary>
    /// Whether <paramref name="locality"/> falls under <paramref name="pattern"/>: "us-east/*" takes every zone of
    /// us-east, "us-east" the same, "*" everything; a pattern part that is set must equal the locality's part.
    /// </summary>
    public static bool Matches(string? pattern, string locality)
    {
        if (string.IsNullOrEmpty(pattern))
        {
            return false;
        }

        var wanted = pattern.Split('/');
        var actual = Split(locality);
        string[] have = [actual.Region, actual.Zone, actual.SubZone];
        for (var i = 0; i < wanted.Length && i < have.Length; i++)
        {
            if (wanted[i] == "*")
            {
                return true;
            }

            if (!string.Equals(wanted[i], have[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
