using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Istiod.Net.Diagnostics;

namespace Istiod.Net.Tests.Xds.Protocol;

/// <summary>Listens to one <see cref="IstiodMetrics"/> instance and sums what its instruments record.</summary>
internal sealed class MetricsRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, double> _sums = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public MetricsRecorder(IstiodMetrics metrics)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, metrics.Meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>Sum of the values recorded on <paramref name="instrument"/>, optionally only those tagged type=<paramref name="type"/>.</summary>
    public double Sum(string instrument, string? type = null) => _sums.GetValueOrDefault(Key(instrument, type));

    /// <summary>How many measurements <paramref name="instrument"/> received.</summary>
    public long Count(string instrument) => _counts.GetValueOrDefault(Key(instrument, null));

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        _sums.AddOrUpdate(Key(instrument.Name, null), value, (_, sum) => sum + value);
        _counts.AddOrUpdate(Key(instrument.Name, null), 1, (_, count) => count + 1);
        foreach (var tag in tags)
        {
            if (tag.Key == "type" && tag.Value is string type)
            {
                _sums.AddOrUpdate(Key(instrument.Name, type), value, (_, sum) => sum + value);
            }
        }
    }

    private static string Key(string instrument, string? type) => type is null ? instrument : $"{instrument}|{type}";
}
