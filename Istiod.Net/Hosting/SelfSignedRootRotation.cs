using Istiod.Net.Security.Ca;
using Microsoft.Extensions.Hosting;

namespace Istiod.Net.Hosting;

/// <summary>
/// File mode (no cluster): this process is the only writer of its root folder, so it runs the rotation schedule
/// itself. A plugged-in cacerts CA makes it a no-op.
/// </summary>
internal sealed class SelfSignedRootRotation(SelfSignedRootRotator rotator) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => rotator.RunAsync(stoppingToken);
}
