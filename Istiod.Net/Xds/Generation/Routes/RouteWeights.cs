namespace Istiod.Net.Xds.Generation.Routes;

/// <summary>
/// Weights of a split, scaled to sum to exactly 100. gRPC C-core 1.51 still compares the sum with
/// weighted_clusters.total_weight, whose default is 100; newer clients only need a positive sum.
/// </summary>
public static class RouteWeights
{
    /// <summary>
    /// Scaled weights, index for index. Missing or negative weights count as 0; when all are 0 the split
    /// is even. Rounding leftovers go to the largest remainders, so the sum is always 100.
    /// </summary>
    public static uint[] Normalize(IReadOnlyList<int?> weights)
    {
        if (weights.Count == 0)
        {
            return [];
        }

        var raw = weights.Select(w => (double)Math.Max(w ?? 0, 0)).ToArray();
        var sum = raw.Sum();
        if (sum <= 0)
        {
            raw = [.. raw.Select(_ => 1.0)];
            sum = raw.Length;
        }

        var exact = raw.Select(w => w * 100 / sum).ToArray();
        var result = exact.Select(e => (uint)Math.Floor(e)).ToArray();
        var missing = 100 - (int)result.Sum(r => r);
        foreach (var i in Enumerable.Range(0, exact.Length).OrderByDescending(i => exact[i] - Math.Floor(exact[i])).ThenBy(i => i).Take(missing))
        {
            result[i]++;
        }

        return result;
    }
}
