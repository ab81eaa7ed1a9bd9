namespace Istiod.Net.MetricsBench.Baseline;

/// <summary>The running value of one instrument for one label set: a sum, or a histogram's buckets.</summary>
internal sealed class MetricSeries(string labels, double[]? bounds)
{
    private readonly Lock _lock = new();
    private readonly long[] _buckets = new long[(bounds?.Length ?? 0) + 1];
    private double _sum;
    private long _count;

    public string Labels { get; } = labels;

    /// <summary>A histogram's upper bucket bounds (ascending); empty for a sum.</summary>
    public double[] Bounds { get; } = bounds ?? [];

    public void Add(double value)
    {
        lock (_lock)
        {
            _sum += value;
            _count++;
            if (bounds is null)
            {
                return;
            }

            var i = 0;
            while (i < bounds.Length && value > bounds[i])
            {
                i++;
            }

            _buckets[i]++;
        }
    }

    /// <summary>Observable instruments report the current value, not a delta: it replaces the last one.</summary>
    public void Set(double value)
    {
        lock (_lock)
        {
            _sum = value;
            _count = 1;
        }
    }

    public (double Sum, long Count, long[] Buckets) Read()
    {
        lock (_lock)
        {
            return (_sum, _count, (long[])_buckets.Clone());
        }
    }
}
