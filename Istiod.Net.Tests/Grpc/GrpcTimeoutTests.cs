using Istiod.Net.Grpc;

namespace Istiod.Net.Tests.Grpc;

[TestFixture]
public sealed class GrpcTimeoutTests
{
    [TestCase("1H", 36_000_000_000L)]
    [TestCase("2M", 1_200_000_000L)]
    [TestCase("3S", 30_000_000L)]
    [TestCase("250m", 2_500_000L)]
    [TestCase("1500u", 15_000L)]
    [TestCase("250n", 3L)]
    [TestCase("99999999S", 999_999_990_000_000L)]
    public void Parses_every_unit(string header, long expectedTicks)
    {
        Assert.That(GrpcTimeout.TryParse(header, out var timeout), Is.True);
        Assert.That(timeout.Ticks, Is.EqualTo(expectedTicks));
    }

    [TestCase("")]
    [TestCase("S")]
    [TestCase("10")]
    [TestCase("10s")]
    [TestCase("-1S")]
    [TestCase("123456789S")]
    [TestCase("1.5S")]
    public void Rejects_malformed_values(string header)
    {
        Assert.That(GrpcTimeout.TryParse(header, out _), Is.False);
    }

    [Test]
    public void Formats_with_the_finest_unit_that_fits_and_rounds_up()
    {
        Assert.That(GrpcTimeout.Format(TimeSpan.FromMilliseconds(1500)), Is.EqualTo("1500m"));
        Assert.That(GrpcTimeout.Format(TimeSpan.FromTicks(1)), Is.EqualTo("1m"));
        Assert.That(GrpcTimeout.Format(TimeSpan.FromDays(3)), Is.EqualTo("259200S"));
        Assert.That(GrpcTimeout.Format(TimeSpan.FromDays(5000)), Is.EqualTo("7200000M"));
        Assert.That(GrpcTimeout.Format(TimeSpan.Zero), Is.EqualTo("1n"));
    }

    [Test]
    public void Formatted_values_parse_back_to_at_least_the_original()
    {
        foreach (var value in new[] { TimeSpan.FromMilliseconds(7), TimeSpan.FromSeconds(42.5), TimeSpan.FromHours(30) })
        {
            Assert.That(GrpcTimeout.TryParse(GrpcTimeout.Format(value), out var parsed), Is.True);
            Assert.That(parsed, Is.GreaterThanOrEqualTo(value));
        }
    }
}
