using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;

namespace Istiod.Net.Tests.Infrastructure;

/// <summary>
/// Starts an in-process host on free loopback ports. A port is free when chosen, but any outgoing connection of
/// a test running in parallel may take it (ephemeral ports are shared) before the host binds it; then the host
/// is built again on fresh ports rather than failing the test.
/// </summary>
public static class HostPorts
{
    private const int Attempts = 5;

    public static async Task<WebApplication> StartAsync(Func<int[], WebApplication> build, TimeSpan timeout, int count = 4)
    {
        for (var attempt = 1; ; attempt++)
        {
            var app = build(E2eFreePorts.Take(count));
            try
            {
                await app.StartAsync().WaitAsync(timeout);
                return app;
            }
            catch (IOException e) when (attempt < Attempts && e.InnerException is AddressInUseException)
            {
                await app.DisposeAsync();
            }
        }
    }
}
