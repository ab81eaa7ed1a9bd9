using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Validate;

namespace Istiod.Net.Xds.Validation;

/// <summary>
/// The rules of a Duration field, compared in nanoseconds. Every Duration also gets the check Envoy runs
/// on all durations it loads, rules or not: no negative part, seconds within protobuf's range, nanos
/// below one second.
/// </summary>
internal sealed class DurationRule : IValueRule
{
    /// <summary>protobuf's largest Duration: 10,000 years.</summary>
    private const long MaxSeconds = 315_576_000_000;

    public static readonly DurationRule RangeOnly = new(null);

    private readonly NumberRule<Int128>? _bounds;

    private DurationRule(NumberRule<Int128>? bounds) => _bounds = bounds;

    public static DurationRule From(DurationRules? rules)
    {
        if (rules is null)
        {
            return RangeOnly;
        }

        var bounds = new NumberRule<Int128>(
            Nanos(rules.Const), Nanos(rules.Lt), Nanos(rules.Lte), Nanos(rules.Gt), Nanos(rules.Gte),
            rules.In.Select(d => Nanos(d)!.Value), rules.NotIn.Select(d => Nanos(d)!.Value), Format);
        return bounds.IsEmpty ? RangeOnly : new DurationRule(bounds);
    }

    public void Check(object value, RuleWalk walk)
    {
        var duration = (Duration)value;
        if (duration.Seconds < 0 || duration.Nanos < 0)
        {
            walk.Report("duration must not be negative");
            return;
        }

        if (duration.Seconds > MaxSeconds || duration.Nanos > 999_999_999)
        {
            walk.Report("duration is out of range");
            return;
        }

        _bounds?.Check(Nanos(duration)!.Value, walk);
    }

    public static Int128? Nanos(Duration? duration) =>
        duration is null ? null : (Int128)duration.Seconds * 1_000_000_000 + duration.Nanos;

    public static string Format(Int128 nanos)
    {
        var seconds = (decimal)nanos / 1_000_000_000m;
        return seconds.ToString("0.#########", CultureInfo.InvariantCulture) + "s";
    }
}
