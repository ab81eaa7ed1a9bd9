namespace Istiod.Net.Tests.Xds.Protocol;

/// <summary>
/// Waits for state another loop publishes (e.g. an ACK being recorded) without asserting anything about
/// how long it takes: the bound only turns a hang into a failure.
/// </summary>
internal static class Eventually
{
    public static async Task<T> Get<T>(Func<T?> read, Func<T, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + TaskTimeouts.Default;
        while (true)
        {
            var value = read();
            if (value is not null && done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting for {what}; last value: {value}");
            }

            await Task.Delay(10);
        }
    }

    public static Task True(Func<bool> condition, string what) => Get<object>(() => condition() ? true : null, _ => true, what);
}
