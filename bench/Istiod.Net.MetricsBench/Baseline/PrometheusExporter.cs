using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using Istiod.Net.Diagnostics;

namespace Istiod.Net.MetricsBench.Baseline;

/// <summary>
/// Renders the <see cref="IstiodMetrics.MeterName"/> instruments in the Prometheus text format
/// (version 0.0.4). The exporter the server used until issue 18, kept here only as the baseline the bench
/// measures OpenTelemetry's exporter against.
/// Counters and up-down counters keep a running sum per label set; histograms keep cumulative buckets.
/// </summary>
public sealed class PrometheusExporter : IDisposable
{
    /// <summary>For a histogram that gives no bucket advice (every one of ours does).</summary>
    private static readonly double[] SecondsBuckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, ConcurrentDictionary<string, MetricSeries>> _series = new();

    public PrometheusExporter(string meterName = IstiodMetrics.MeterName)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == meterName)
            {
                _series.TryAdd(instrument, new ConcurrentDictionary<string, MetricSeries>(StringComparer.Ordinal));
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public string Render()
    {
        _listener.RecordObservableInstruments();
        var text = new StringBuilder();
        foreach (var (instrument, series) in _series.OrderBy(p => p.Key.Name, StringComparer.Ordinal))
        {
            var histogram = IsHistogram(instrument);
            var name = instrument.Name;
            if (!string.IsNullOrEmpty(instrument.Description))
            {
                text.Append("# HELP ").Append(name).Append(' ').Append(EscapeHelp(instrument.Description)).Append('\n');
            }

            text.Append("# TYPE ").Append(name).Append(' ').Append(TypeOf(instrument)).Append('\n');
            foreach (var s in series.Values.OrderBy(s => s.Labels, StringComparer.Ordinal))
            {
                var (sum, count, buckets) = s.Read();
                if (!histogram)
                {
                    text.Append(name).Append(Braced(s.Labels)).Append(' ').Append(Format(sum)).Append('\n');
                    continue;
                }

                long cumulative = 0;
                for (var b = 0; b < s.Bounds.Length; b++)
                {
                    cumulative += buckets[b];
                    var le = $"le=\"{Format(s.Bounds[b])}\"";
                    text.Append(name).Append("_bucket").Append(Braced(Join(s.Labels, le))).Append(' ').Append(cumulative).Append('\n');
                }

                text.Append(name).Append("_bucket").Append(Braced(Join(s.Labels, "le=\"+Inf\""))).Append(' ').Append(count).Append('\n');
                text.Append(name).Append("_sum").Append(Braced(s.Labels)).Append(' ').Append(Format(sum)).Append('\n');
                text.Append(name).Append("_count").Append(Braced(s.Labels)).Append(' ').Append(count).Append('\n');
            }
        }

        return text.ToString();
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (!_series.TryGetValue(instrument, out var byLabels))
        {
            return;
        }

        var labels = LabelString(tags);
        var series = byLabels.GetOrAdd(labels, l => new MetricSeries(l, IsHistogram(instrument) ? BucketsOf(instrument) : null));
        if (instrument.IsObservable)
        {
            series.Set(value);
        }
        else
        {
            series.Add(value);
        }
    }

    /// <summary>The bucket boundaries the instrument advises (InstrumentAdvice), else <see cref="SecondsBuckets"/>.</summary>
    private static double[] BucketsOf(Instrument instrument) => instrument switch
    {
        Instrument<double> d when d.Advice?.HistogramBucketBoundaries is { Count: > 0 } b => [.. b],
        Instrument<long> l when l.Advice?.HistogramBucketBoundaries is { Count: > 0 } b => [.. b.Select(v => (double)v)],
        Instrument<int> i when i.Advice?.HistogramBucketBoundaries is { Count: > 0 } b => [.. b.Select(v => (double)v)],
        _ => SecondsBuckets,
    };

    private static bool IsHistogram(Instrument instrument) =>
        instrument.GetType().IsGenericType && instrument.GetType().GetGenericTypeDefinition() == typeof(Histogram<>);

    private static string TypeOf(Instrument instrument)
    {
        if (IsHistogram(instrument))
        {
            return "histogram";
        }

        var definition = instrument.GetType().IsGenericType ? instrument.GetType().GetGenericTypeDefinition() : null;
        return definition == typeof(Counter<>) || definition == typeof(ObservableCounter<>) ? "counter" : "gauge";
    }

    private static string LabelString(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0)
        {
            return "";
        }

        var pairs = new List<string>(tags.Length);
        foreach (var tag in tags)
        {
            pairs.Add($"{SanitizeName(tag.Key)}=\"{EscapeValue(Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? "")}\"");
        }

        pairs.Sort(StringComparer.Ordinal);
        return string.Join(',', pairs);
    }

    private static string Join(string a, string b) => a.Length == 0 ? b : $"{a},{b}";

    private static string Braced(string labels) => labels.Length == 0 ? "" : $"{{{labels}}}";

    private static string SanitizeName(string name)
    {
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (!(char.IsAsciiLetterOrDigit(chars[i]) || chars[i] == '_'))
            {
                chars[i] = '_';
            }
        }

        return new string(chars);
    }

    private static string EscapeValue(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");

    private static string EscapeHelp(string value) => value.Replace("\\", "\\\\").Replace("\n", "\\n");

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
