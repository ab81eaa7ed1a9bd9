using System.Text.Json.Nodes;
using System.Threading.Channels;
using Istiod.Net.Kube;
using Istiod.Net.Security.Ca;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Istiod.Net.Security.Kube;

/// <summary>
/// The leader's publisher of the mesh trust bundle: ConfigMap <c>istio-ca-root-cert</c> (key <c>root-cert.pem</c>)
/// in every namespace, created where missing, recreated when deleted, corrected when edited and rewritten when the
/// CA's bundle changes. Works from informers on Namespaces and those ConfigMaps, one namespace at a time.
/// </summary>
public sealed class RootCertPublisher
{
    public const string ConfigMapName = "istio-ca-root-cert";
    public const string Key = "root-cert.pem";

    private readonly KubeClient _client;
    private readonly CertificateAuthority _ca;
    private readonly LeaderWorkOptions _options;
    private readonly KubeInformerOptions _informer;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private long _writes;

    public RootCertPublisher(KubeClient client, CertificateAuthority ca, LeaderWorkOptions options, KubeInformerOptions? informer = null, ILoggerFactory? loggers = null)
    {
        _client = client;
        _ca = ca;
        _options = options;
        _informer = informer ?? new KubeInformerOptions();
        _loggers = loggers ?? NullLoggerFactory.Instance;
        _logger = _loggers.CreateLogger<RootCertPublisher>();
    }

    /// <summary>Creates and updates made so far (for tests and metrics of how busy the leader is).</summary>
    public long Writes => Interlocked.Read(ref _writes);

    /// <summary>Publishes until <paramref name="leading"/> is cancelled (leadership lost or shutdown).</summary>
    public async Task RunAsync(CancellationToken leading)
    {
        var queue = Channel.CreateUnbounded<string>();
        var namespaces = new KubeInformer(_client, KubeResourceTypes.Namespaces, _informer, _loggers.CreateLogger<KubeInformer>());
        var configMaps = new KubeInformer(_client, KubeResourceTypes.ConfigMaps, _informer with { FieldSelector = $"metadata.name={ConfigMapName}" }, _loggers.CreateLogger<KubeInformer>());
        namespaces.AddHandler((e, _) =>
        {
            if (e.Type is KubeInformerEventType.Added or KubeInformerEventType.Updated)
            {
                queue.Writer.TryWrite(e.Key.Name);
            }

            return ValueTask.CompletedTask;
        });
        configMaps.AddHandler((e, _) =>
        {
            if (e.Type != KubeInformerEventType.Synced && e.Key.Name == ConfigMapName && e.Key.Namespace is { } ns)
            {
                queue.Writer.TryWrite(ns);
            }

            return ValueTask.CompletedTask;
        });
        void OnBundle(TrustBundle _)
        {
            foreach (var key in namespaces.Snapshot().Keys)
            {
                queue.Writer.TryWrite(key.Name);
            }
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(leading);
        var informers = Task.WhenAll(Task.Run(() => namespaces.RunAsync(stop.Token), CancellationToken.None), Task.Run(() => configMaps.RunAsync(stop.Token), CancellationToken.None));
        _ca.TrustBundleChanged += OnBundle;
        try
        {
            await Task.WhenAll(namespaces.WaitForSyncAsync(leading), configMaps.WaitForSyncAsync(leading)).ConfigureAwait(false);
            OnBundle(_ca.TrustBundle);
            await foreach (var ns in queue.Reader.ReadAllAsync(leading).ConfigureAwait(false))
            {
                if (!await ReconcileAsync(ns, namespaces, configMaps, leading).ConfigureAwait(false))
                {
                    _ = RequeueLaterAsync(queue.Writer, ns, leading);
                }
            }
        }
        catch (OperationCanceledException) when (leading.IsCancellationRequested)
        {
        }
        finally
        {
            _ca.TrustBundleChanged -= OnBundle;
            await stop.CancelAsync().ConfigureAwait(false);
            await informers.ConfigureAwait(false);
        }
    }

    private async Task RequeueLaterAsync(ChannelWriter<string> queue, string ns, CancellationToken leading)
    {
        if (await CaSecretSynchronizer.SleepAsync(_options.RetryDelay, leading).ConfigureAwait(false))
        {
            queue.TryWrite(ns);
        }
    }

    /// <summary>Brings one namespace's ConfigMap to the current bundle; false when a write failed and must be retried.</summary>
    private async Task<bool> ReconcileAsync(string ns, KubeInformer namespaces, KubeInformer configMaps, CancellationToken leading)
    {
        var nsObject = namespaces.Get(new KubeObjectKey(null, ns));
        if (nsObject is null || nsObject["status"]?["phase"] is JsonValue phase && phase.TryGetValue<string>(out var p) && p == "Terminating")
        {
            // Gone or going: writing into it would fail or be undone.
            return true;
        }

        var want = _ca.TrustBundle.Pem;
        var existing = configMaps.Get(new KubeObjectKey(ns, ConfigMapName));
        var have = existing?["data"]?[Key] is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;
        if (existing is not null && have == want)
        {
            return true;
        }

        try
        {
            if (existing is null)
            {
                try
                {
                    await _client.CreateAsync(KubeResourceTypes.ConfigMaps, Desired(ns, want), leading).ConfigureAwait(false);
                    Log.RootCertPublished(_logger, ConfigMapName, ns, "created");
                    Interlocked.Increment(ref _writes);
                    return true;
                }
                catch (KubeApiException e) when (e.IsAlreadyExists)
                {
                    // The informer has not seen it yet: correct it in place.
                }
            }

            await _client.MergePatchAsync(KubeResourceTypes.ConfigMaps, ns, ConfigMapName,
                new JsonObject { ["data"] = new JsonObject { [Key] = want } }, leading).ConfigureAwait(false);
            Log.RootCertPublished(_logger, ConfigMapName, ns, "updated");
            Interlocked.Increment(ref _writes);
            return true;
        }
        catch (Exception e) when (CaSecretSynchronizer.IsTransient(e, leading))
        {
            Log.WriteFailed(_logger, $"publishing {ConfigMapName} in {ns}", e.Message);
            return false;
        }
    }

    private static JsonObject Desired(string ns, string pem) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject
        {
            ["name"] = ConfigMapName,
            ["namespace"] = ns,
            ["labels"] = new JsonObject { ["istio.io/config"] = "true" },
        },
        ["data"] = new JsonObject { [Key] = pem },
    };
}
