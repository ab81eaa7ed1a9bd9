using System.Text.Json.Nodes;
using Istiod.Net.Kube;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Istiod.Net.Config.Sources.Kube;

/// <summary>
/// The mesh config from the cluster: the <c>mesh</c> key of ConfigMap <c>istio</c> (<c>istio-&lt;revision&gt;</c>)
/// in the control plane's namespace, as raw YAML. Whoever reads mesh settings subscribes to
/// <see cref="Changed"/>; a missing ConfigMap or key is null (Istio's defaults apply).
/// </summary>
public sealed class KubeMeshConfigSource : IHostedService, IAsyncDisposable
{
    public const string MeshKey = "mesh";

    private readonly KubeInformer _informer;
    private readonly string _namespace;
    private readonly string _name;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource _firstLoad = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenSource? _stopping;
    private Task _running = Task.CompletedTask;
    private volatile string? _yaml;

    public KubeMeshConfigSource(KubeClient client, string @namespace, string configMapName = "istio", KubeInformerOptions? informer = null, ILoggerFactory? loggers = null)
    {
        _namespace = @namespace;
        _name = configMapName;
        loggers ??= NullLoggerFactory.Instance;
        _logger = loggers.CreateLogger<KubeMeshConfigSource>();

        // The field selector keeps a real API server's answer to the one ConfigMap; the handler checks the name too.
        _informer = new KubeInformer(
            client,
            KubeResourceTypes.ConfigMaps,
            (informer ?? new KubeInformerOptions()) with { Namespace = @namespace, FieldSelector = $"metadata.name={configMapName}" },
            loggers.CreateLogger<KubeInformer>());
        _informer.AddHandler(OnEventAsync);
    }

    /// <summary>The mesh config YAML in force; null when the ConfigMap or its key does not exist.</summary>
    public string? MeshYaml => _yaml;

    /// <summary>Completes once the ConfigMap has been looked for (found or not).</summary>
    public Task FirstLoad => _firstLoad.Task;

    /// <summary>Raised with the new YAML (null when removed) whenever it changes.</summary>
    public event Action<string?>? Changed;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_stopping is null)
        {
            _stopping = new CancellationTokenSource();
            var token = _stopping.Token;
            _running = Task.Run(() => _informer.RunAsync(token), CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping is not null)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
            await _running.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _stopping?.Dispose();
    }

    private ValueTask OnEventAsync(KubeInformerEvent e, CancellationToken cancellationToken)
    {
        if (e.Type == KubeInformerEventType.Synced)
        {
            _firstLoad.TrySetResult();
            return ValueTask.CompletedTask;
        }

        if (e.Key.Name != _name || e.Key.Namespace != _namespace)
        {
            return ValueTask.CompletedTask;
        }

        string? yaml = null;
        if (e.Type != KubeInformerEventType.Deleted)
        {
            yaml = e.Object?["data"] is JsonObject data && data[MeshKey] is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;
            if (yaml is null)
            {
                Log.MeshConfigKeyMissing(_logger, $"{_namespace}/{_name}", MeshKey);
            }
        }

        if (yaml == _yaml)
        {
            return ValueTask.CompletedTask;
        }

        _yaml = yaml;
        Log.MeshConfigChanged(_logger, $"{_namespace}/{_name}", yaml is null ? "absent" : $"{yaml.Length} characters");
        Changed?.Invoke(yaml);
        return ValueTask.CompletedTask;
    }
}
