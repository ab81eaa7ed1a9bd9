using Google.Protobuf.WellKnownTypes;
using Istiod.Net.Xds.Validation;
using Validate;

namespace Istiod.Net.Tests.Xds.Validation;

/// <summary>
/// Rule kinds no Envoy v3 message sets (timestamp rules, exclusive ranges, duration in/not_in), checked on the
/// compiled rules directly.
/// </summary>
public sealed class TimestampAndNumberRuleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private static string[] Run(IValueRule rule, object value)
    {
        var walk = new RuleWalk(10, Now);
        walk.Push(PathSegment.Field("f"));
        rule.Check(value, walk);
        return [.. walk.Violations.Select(v => v.ToString())];
    }

    [Test]
    public void Timestamp_relative_to_now()
    {
        var past = TimestampRule.From(new TimestampRules { LtNow = true })!;
        var recent = TimestampRule.From(new TimestampRules { Within = Duration.FromTimeSpan(TimeSpan.FromHours(1)) })!;

        Assert.That(Run(past, Timestamp.FromDateTimeOffset(Now.AddMinutes(-1))), Is.Empty);
        Assert.That(Run(past, Timestamp.FromDateTimeOffset(Now.AddMinutes(1))), Is.EqualTo(new[] { "f: value must be in the past" }));
        Assert.That(Run(recent, Timestamp.FromDateTimeOffset(Now.AddHours(-2))), Is.EqualTo(new[] { "f: value must be within 3600s of now" }));
    }

    [Test]
    public void Timestamp_fixed_bound()
    {
        var rule = TimestampRule.From(new TimestampRules { Gt = Timestamp.FromDateTimeOffset(Now) })!;

        Assert.That(Run(rule, Timestamp.FromDateTimeOffset(Now)), Is.EqualTo(new[] { "f: value must be greater than 2026-11-22T12:00:00Z" }));
    }

    [Test]
    public void Lower_bound_above_upper_bound_means_outside()
    {
        var rule = new NumberRule<int>(null, lt: 5, null, gt: 10, null, [], []);

        Assert.That(Run(rule, 3), Is.Empty);
        Assert.That(Run(rule, 11), Is.Empty);
        Assert.That(Run(rule, 7), Is.EqualTo(new[] { "f: value must be greater than 10 or less than 5" }));
    }

    [Test]
    public void Uint64_in_and_not_in_beyond_double_precision()
    {
        var rule = new NumberRule<ulong>(null, null, null, null, null, [ulong.MaxValue], [ulong.MaxValue - 1]);

        Assert.That(Run(rule, ulong.MaxValue), Is.Empty);
        Assert.That(Run(rule, ulong.MaxValue - 1), Has.Length.EqualTo(2));
    }

    [Test]
    public void Duration_in_and_const()
    {
        var rule = DurationRule.From(new DurationRules { In = { Duration.FromTimeSpan(TimeSpan.FromSeconds(1)), Duration.FromTimeSpan(TimeSpan.FromMilliseconds(1500)) } });

        Assert.That(Run(rule, Duration.FromTimeSpan(TimeSpan.FromSeconds(1))), Is.Empty);
        Assert.That(Run(rule, Duration.FromTimeSpan(TimeSpan.FromSeconds(2))), Is.EqualTo(new[] { "f: value must be one of [1s, 1.5s]" }));
        Assert.That(Run(rule, new Duration { Seconds = 1, Nanos = 1_000_000_000 }), Is.EqualTo(new[] { "f: duration is out of range" }));
    }
}
