using Google.Protobuf.WellKnownTypes;
using Validate;

namespace Istiod.Net.Xds.Validation;

/// <summary>The rules of a Timestamp field: fixed bounds in nanoseconds since the epoch, and the ones relative to now.</summary>
internal sealed class TimestampRule : IValueRule
{
    private readonly NumberRule<Int128>? _bounds;
    private readonly bool _ltNow;
    private readonly bool _gtNow;
    private readonly Int128? _within;

    private TimestampRule(TimestampRules rules)
    {
        var bounds = new NumberRule<Int128>(Nanos(rules.Const), Nanos(rules.Lt), Nanos(rules.Lte), Nanos(rules.Gt), Nanos(rules.Gte), [], [], Format);
        _bounds = bounds.IsEmpty ? null : bounds;
        _ltNow = rules.LtNow;
        _gtNow = rules.GtNow;
        _within = DurationRule.Nanos(rules.Within);
    }

    public static TimestampRule? From(TimestampRules rules)
    {
        var rule = new TimestampRule(rules);
        return rule._bounds is null && !rule._ltNow && !rule._gtNow && rule._within is null ? null : rule;
    }

    public void Check(object value, RuleWalk walk)
    {
        var nanos = Nanos((Timestamp)value)!.Value;
        _bounds?.Check(nanos, walk);
        var now = (Int128)walk.Now.ToUnixTimeMilliseconds() * 1_000_000;
        if (_ltNow && nanos >= now)
        {
            walk.Report("value must be in the past");
        }

        if (_gtNow && nanos <= now)
        {
            walk.Report("value must be in the future");
        }

        if (_within is { } within && Int128.Abs(nanos - now) > within)
        {
            walk.Report($"value must be within {DurationRule.Format(within)} of now");
        }
    }

    private static Int128? Nanos(Timestamp? timestamp) =>
        timestamp is null ? null : (Int128)timestamp.Seconds * 1_000_000_000 + timestamp.Nanos;

    private static string Format(Int128 nanos) =>
        DateTime.UnixEpoch.AddTicks((long)(nanos / 100)).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
