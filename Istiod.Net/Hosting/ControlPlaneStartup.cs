using Istiod.Net.Config.Sources.File;
using Istiod.Net.Config.Sources.Kube;
using Istiod.Net.Diagnostics;
using Istiod.Net.Push;
using Istiod.Net.Registry.Kube;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Istiod.Net.Hosting;

/// <summary>
/// Starts the flow in order: sources load, the first push context is built, then the process reports
/// ready. Proxies that connect earlier are served as soon as the first push context exists. With a cluster,
/// the host does not wait for the API server (it may be down for a while): the informers sync in the
/// background, and the first push and readiness follow their initial sync.
/// </summary>
internal sealed class ControlPlaneStartup(IServiceProvider services, ReadinessGate readiness, ILogger<ControlPlaneStartup> logger) : IHostedService
{
    private const string ConfigLoaded = "config loaded";
    private const string PushContextBuilt = "first push context";
    private const string ClusterConfigSynced = "cluster config synced";
    private const string ClusterRegistrySynced = "cluster services synced";
    private const string MeshConfigSynced = "mesh config read";
    private const string CaShared = "CA shared through istio-ca-secret";

    private readonly CancellationTokenSource _stopping = new();
    private Task _background = Task.CompletedTask;

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

        var kubeConfig = services.GetService<KubeConfigSource>();
        if (kubeConfig is null && fileSource is null)
        {
            HostLog.NoConfigSource(logger);
        }

        // The ADS service subscribes to pushes when it is created; create it before the first push.
        services.GetRequiredService<Xds.Protocol.AdsService>();
        services.GetRequiredService<Xds.Generation.Secrets.SecretPushes>();
        services.GetRequiredService<JwksPushes>();
        if (kubeConfig is null)
        {
            StartPushing();
            return;
        }

        var registry = services.GetRequiredService<KubeServiceRegistry>();
        var mesh = services.GetRequiredService<KubeMeshConfigSource>();
        var singletons = services.GetRequiredService<ClusterSingletons>();
        readiness.Require(ClusterConfigSynced);
        readiness.Require(ClusterRegistrySynced);
        readiness.Require(MeshConfigSynced);
        readiness.Require(CaShared);
        await kubeConfig.StartAsync(cancellationToken);
        await registry.StartAsync(cancellationToken);
        await mesh.StartAsync(cancellationToken);
        var token = _stopping.Token;
        var leaderWork = Task.Run(() => singletons.RunAsync(token), CancellationToken.None);
        _background = Task.WhenAll(leaderWork, Task.Run(() => AwaitClusterAsync(kubeConfig, registry, mesh, singletons, token), CancellationToken.None));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        try
        {
            await _background.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }

        if (services.GetService<FileConfigSource>() is { } fileSource)
        {
            await fileSource.StopAsync(cancellationToken);
        }

        if (services.GetService<KubeConfigSource>() is { } kubeConfig)
        {
            await kubeConfig.StopAsync(cancellationToken);
            await services.GetRequiredService<KubeServiceRegistry>().StopAsync(cancellationToken);
            await services.GetRequiredService<KubeMeshConfigSource>().StopAsync(cancellationToken);
        }

        services.GetRequiredService<PushCoordinator>().Dispose();
        _stopping.Dispose();
    }

    private async Task AwaitClusterAsync(KubeConfigSource config, KubeServiceRegistry registry, KubeMeshConfigSource mesh, ClusterSingletons singletons, CancellationToken stopping)
    {
        try
        {
            // Each condition shows in /ready as soon as it holds, so a stuck one is easy to spot.
            var pending = new Dictionary<Task, string>
            {
                [config.FirstLoad] = ClusterConfigSynced,
                [registry.FirstLoad] = ClusterRegistrySynced,
                [mesh.FirstLoad] = MeshConfigSynced,
                [singletons.CaShared] = CaShared,
            };
            while (pending.Count > 0)
            {
                var done = await Task.WhenAny(pending.Keys).WaitAsync(stopping);
                readiness.MarkReady(pending[done]);
                pending.Remove(done);
            }

            StartPushing();
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private void StartPushing()
    {
        services.GetRequiredService<PushCoordinator>().Start();
        readiness.MarkReady(PushContextBuilt);
        HostLog.Ready(logger);
    }
}
