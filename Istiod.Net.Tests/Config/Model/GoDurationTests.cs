using Istiod.Net.Config.Model;

namespace Istiod.Net.Tests.Config.Model;

public sealed class GoDurationTests
{
    [TestCase("0", 0)]
    [TestCase("1s", 1_000)]
    [TestCase("0.5s", 500)]
    [TestCase("100ms", 100)]
    [TestCase("1m", 60_000)]
    [TestCase("1h30m", 5_400_000)]
    [TestCase("1.5h", 5_400_000)]
    [TestCase("2m3.5s", 123_500)]
    [TestCase("+10s", 10_000)]
    [TestCase("-10s", -10_000)]
    public void ParsesGoDurations(string text, double milliseconds)
    {
        Assert.That(GoDuration.TryParse(text, out var value, out var error), Is.True, error);
        Assert.That(value.TotalMilliseconds, Is.EqualTo(milliseconds));
    }

    [Test]
    public void SubMillisecondUnitsKeepTheirPrecision()
    {
        Assert.That(GoDuration.Parse("1500us"), Is.EqualTo(TimeSpan.FromMicroseconds(1500)));
        Assert.That(GoDuration.Parse("300ns"), Is.EqualTo(TimeSpan.FromTicks(3)));
        Assert.That(GoDuration.Parse("2\u00b5s"), Is.EqualTo(TimeSpan.FromMicroseconds(2)));
    }

    [TestCase("", "empty")]
    [TestCase("10", "missing unit")]
    [TestCase("1x", "unknown unit \"x\"")]
    [TestCase("s", "expected a number")]
    [TestCase("1..2s", "expected a number")]
    [TestCase("1 s", "unknown unit")]
    [TestCase("999999999h", "too large")]
    public void RejectsWhatGoRejects(string text, string reason)
    {
        Assert.That(GoDuration.TryParse(text, out _, out var error), Is.False);
        Assert.That(error, Does.Contain(reason));
    }

    [Test]
    public void ParseOfNullIsNull() => Assert.That(GoDuration.Parse(null), Is.Null);
}
