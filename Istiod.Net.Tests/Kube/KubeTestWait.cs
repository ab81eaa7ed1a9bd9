namespace Istiod.Net.Tests.Kube;

/// <summary>Bounded waiting for the eventually-consistent things these tests watch; a hang fails, it never stalls.</summary>
internal static class KubeTestWait
{
    public static readonly TimeSpan Long = TimeSpan.FromSeconds(60);

    /// <summary>Polls until the condition holds; fails with <paramref name="what"/> after the timeout.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? Long;
        var deadline = DateTime.UtcNow + limit;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out after {limit.TotalSeconds:0}s waiting for {what}");
            }

            await Task.Delay(25);
        }
    }
}
