namespace Istiod.Net.Tests.Security;

/// <summary>A clock the test sets; starts at the current second so real tools (openssl) agree certificates are valid.</summary>
internal sealed class FixedTimeProvider : TimeProvider
{
    public FixedTimeProvider()
    {
        var now = DateTimeOffset.UtcNow;
        Now = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, TimeSpan.Zero);
    }

    public DateTimeOffset Now { get; set; }

    public override DateTimeOffset GetUtcNow() => Now;
}
