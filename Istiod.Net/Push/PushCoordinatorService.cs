using Microsoft.Extensions.Hosting;

namespace Istiod.Net.Push;

/// <summary>Starts the push coordinator with the host, so the first push context exists before proxies are served.</summary>
public sealed class PushCoordinatorService(PushCoordinator coordinator) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        coordinator.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
