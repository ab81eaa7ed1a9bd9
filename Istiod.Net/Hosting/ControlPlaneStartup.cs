using Istiod.Net.Config.Sources.File;
using Istiod.Net.Diagnostics;
using Istiod.Net.Push;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Istiod.Net.Hosting;

/// <summary>
/// Starts the flow in order: sources load, the first push context is built, then the process reports
/// ready. Proxies that connect earlier are served as soon as the first push context exists.
/// </summary>
internal sealed class ControlPlaneStartup(IServiceProvider services, ReadinessGate readiness, ILogger<ControlPlaneStartup> logger) : IHostedService
{
    private const string ConfigLoaded = "config loaded";
    private const string PushContextBuilt = "first push context";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var fileSource = services.GetService<FileConfigSource>();
        readiness.Require(PushContextBuilt);
        if (fileSource is not null)
        {
            readiness.Require(ConfigLoaded);
            HostLog.ConfigFolder(logger, fileSource.Id);
            await fileSource.StartAsync(cancellationToken);
            await fileSource.FirstLoad.WaitAsync(cancellationToken);
            readiness.MarkReady(ConfigLoaded);
        }
        else
        {
            HostLog.NoConfigSource(logger);
        }

        // The ADS service subscribes to pushes when it is created; create it before the first push.
        services.GetRequiredService<Xds.Protocol.AdsService>();
        services.GetRequiredService<Xds.Generation.Secrets.SecretPushes>();
        var coordinator = services.GetRequiredService<PushCoordinator>();
        coordinator.Start();
        readiness.MarkReady(PushContextBuilt);
        HostLog.Ready(logger);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (services.GetService<FileConfigSource>() is { } fileSource)
        {
            await fileSource.StopAsync(cancellationToken);
        }

        services.GetRequiredService<PushCoordinator>().Dispose();
    }
}
