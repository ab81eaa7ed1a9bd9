namespace Istiod.Net.Load.Reporting;

/// <summary>Percentiles of a set of latencies, in milliseconds (nearest rank); all 0 when there are none.</summary>
public sealed record LatencySummary(int Count, double P50Ms, double P99Ms, double MaxMs)
{
    public static LatencySummary Of(IEnumerable<double> millis)
    {
        var sorted = millis.Order().ToArray();
        if (sorted.Length == 0)
        {
            return new LatencySummary(0, 0, 0, 0);
        }

        return new LatencySummary(sorted.Length, Rank(sorted, 0.50), Rank(sorted, 0.99), Math.Round(sorted[^1], 1));
    }

    private static double Rank(double[] sorted, double quantile)
    {
        var rank = (int)Math.Ceiling(quantile * sorted.Length);
        return Math.Round(sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)], 1);
    }
}
