using Istiod.Net.Kube;
using Istiod.Net.Security.Ca;
using Istiod.Net.Security.Kube;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Istiod.Net.Hosting;

/// <summary>
/// The cluster work of one replica: every replica follows istio-ca-secret; the one holding the Lease also creates
/// that secret, publishes istio-ca-root-cert into every namespace and keeps the webhook configurations right.
/// Losing the Lease cancels the writers before another replica can take over.
/// </summary>
public sealed class ClusterSingletons
{
    private readonly LeaderElector _elector;

    public ClusterSingletons(
        KubeClient client,
        CertificateAuthority ca,
        LeaderWorkOptions work,
        LeaderElectionOptions election,
        KubeInformerOptions? informer = null,
        ILoggerFactory? loggers = null)
    {
        loggers ??= NullLoggerFactory.Instance;
        CaSecret = new CaSecretSynchronizer(client, ca, work, loggers.CreateLogger<CaSecretSynchronizer>());
        RootCerts = new RootCertPublisher(client, ca, work, informer, loggers);
        Webhooks = new WebhookConfigPatcher(client, ca, work, loggers.CreateLogger<WebhookConfigPatcher>());
        _elector = new LeaderElector(client, election, loggers.CreateLogger<LeaderElector>())
        {
            OnStartedLeading = leading => Task.WhenAll(CaSecret.LeadAsync(leading), LeadAfterCaAsync(leading)),
        };
    }

    public CaSecretSynchronizer CaSecret { get; }

    public RootCertPublisher RootCerts { get; }

    public WebhookConfigPatcher Webhooks { get; }

    public LeaderElector Elector => _elector;

    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(CaSecret.FollowAsync(cancellationToken), _elector.RunAsync(cancellationToken));

    /// <summary>Publishing a root that is about to be replaced by the shared one would only churn every namespace.</summary>
    private async Task LeadAfterCaAsync(CancellationToken leading)
    {
        await CaSecret.Loaded.WaitAsync(leading).ConfigureAwait(false);
        await Task.WhenAll(RootCerts.RunAsync(leading), Webhooks.RunAsync(leading)).ConfigureAwait(false);
    }
}
