using Istiod.Net.Kube;
using Istiod.Net.Security.Ca;
using Istiod.Net.Security.Kube;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Istiod.Net.Hosting;

/// <summary>
/// The cluster work of one replica: every replica follows istio-ca-secret; the one holding the Lease also creates
/// that secret (and rotates the root in it when due), publishes istio-ca-root-cert into every namespace and keeps the webhook configurations right.
/// Losing the Lease cancels the writers before another replica can take over.
/// </summary>
public sealed class ClusterSingletons
{
    private readonly LeaderElector _elector;
    private readonly bool _shareCa;

    public ClusterSingletons(
        KubeClient client,
        CertificateAuthority ca,
        LeaderWorkOptions work,
        LeaderElectionOptions election,
        KubeInformerOptions? informer = null,
        ILoggerFactory? loggers = null,
        bool shareCa = true,
        SelfSignedRootRotator? rotator = null,
        TimeProvider? time = null)
    {
        _shareCa = shareCa;
        loggers ??= NullLoggerFactory.Instance;
        CaSecret = new CaSecretSynchronizer(client, ca, work, loggers.CreateLogger<CaSecretSynchronizer>(), shareCa ? rotator : null, time);
        RootCerts = new RootCertPublisher(client, ca, work, informer, loggers);
        Webhooks = new WebhookConfigPatcher(client, ca, work, loggers.CreateLogger<WebhookConfigPatcher>());
        _elector = new LeaderElector(client, election, loggers.CreateLogger<LeaderElector>())
        {
            OnStartedLeading = leading => shareCa ? Task.WhenAll(CaSecret.LeadAsync(leading), CaSecret.RotateAsync(leading), LeadAfterCaAsync(leading)) : LeadAfterCaAsync(leading),
        };
    }

    public CaSecretSynchronizer CaSecret { get; }

    public RootCertPublisher RootCerts { get; }

    public WebhookConfigPatcher Webhooks { get; }

    public LeaderElector Elector => _elector;

    /// <summary>
    /// Follows the CA secret (unless the CA is plugged in, <c>shareCa</c> false: every replica then reads the same
    /// cacerts) and competes for the Lease, until cancelled.
    /// </summary>
    public Task RunAsync(CancellationToken cancellationToken) =>
        _shareCa ? Task.WhenAll(CaSecret.FollowAsync(cancellationToken), _elector.RunAsync(cancellationToken)) : _elector.RunAsync(cancellationToken);

    /// <summary>Completes when this replica signs with the CA every replica shares.</summary>
    public Task CaShared => _shareCa ? CaSecret.Loaded : Task.CompletedTask;

    /// <summary>Publishing a root that is about to be replaced by the shared one would only churn every namespace.</summary>
    private async Task LeadAfterCaAsync(CancellationToken leading)
    {
        await CaShared.WaitAsync(leading).ConfigureAwait(false);
        await Task.WhenAll(RootCerts.RunAsync(leading), Webhooks.RunAsync(leading)).ConfigureAwait(false);
    }
}
