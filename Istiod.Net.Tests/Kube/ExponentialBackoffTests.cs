using Istiod.Net.Kube;

namespace Istiod.Net.Tests.Kube;

public sealed class ExponentialBackoffTests
{
    [Test]
    public void Delays_double_up_to_the_maximum_with_jitter_in_the_upper_half()
    {
        var backoff = new ExponentialBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), new Random(7));
        var steps = new[] { 100.0, 200, 400, 800, 1000, 1000, 1000 };
        foreach (var step in steps)
        {
            var delay = backoff.Next().TotalMilliseconds;
            Assert.That(delay, Is.InRange(step / 2, step), $"step {step}");
        }

        backoff.Reset();
        Assert.That(backoff.Next().TotalMilliseconds, Is.InRange(50.0, 100.0));
    }

    [Test]
    public void Jitter_spreads_replicas_apart()
    {
        var a = new ExponentialBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), new Random(1));
        var b = new ExponentialBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), new Random(2));
        var same = Enumerable.Range(0, 5).Count(_ => a.Next() == b.Next());
        Assert.That(same, Is.LessThan(5));
    }

    [Test]
    public void Nonsense_bounds_are_refused()
    {
        Assert.That(() => new ExponentialBackoff(TimeSpan.Zero, TimeSpan.FromSeconds(1)), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => new ExponentialBackoff(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
