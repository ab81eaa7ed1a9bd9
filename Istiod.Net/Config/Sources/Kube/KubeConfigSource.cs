using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Istiod.Net.Config.Parsing;
using Istiod.Net.Config.Schema;
using Istiod.Net.Config.Store;
using Istiod.Net.Kube;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Istiod.Net.Config.Sources.Kube;

/// <summary>
/// Istio config from a cluster: one informer per kind of the schema table, at the first version of that kind
/// the API server serves (v1, then v1beta1, then v1alpha3...). A kind whose CRD is not installed counts as
/// empty, is logged once and asked about again slowly. Every object goes through the same parser and validators
/// as a file, named <c>Kind/namespace/name</c>, and the whole view is handed to the store under
/// <see cref="Id"/>, so a folder source can run beside it.
/// </summary>
public sealed class KubeConfigSource : IConfigSource, IAsyncDisposable
{
    private readonly KubeClient _client;
    private readonly ConfigParser _parser;
    private readonly ConfigStore _store;
    private readonly KubeConfigSourceOptions _options;
    private readonly ILogger _logger;
    private readonly ILoggerFactory _loggers;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Dictionary<KubeObjectKey, ParseResult>> _objects = new(StringComparer.Ordinal);
    private readonly HashSet<string> _synced = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, KubeResourceType?> _watched = new(StringComparer.Ordinal);
    private readonly Channel<bool> _dirty = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly TaskCompletionSource _firstLoad = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenSource? _stopping;
    private Task _running = Task.CompletedTask;

    public KubeConfigSource(KubeClient client, ConfigParser parser, ConfigStore store, KubeConfigSourceOptions? options = null, ILoggerFactory? loggers = null)
    {
        _client = client;
        _parser = parser;
        _store = store;
        _options = options ?? new KubeConfigSourceOptions();
        _loggers = loggers ?? NullLoggerFactory.Instance;
        _logger = _loggers.CreateLogger<KubeConfigSource>();
    }

    public string Id => _options.SourceId;

    public Task FirstLoad => _firstLoad.Task;

    /// <summary>The kinds this source covers: the parser's schema table.</summary>
    public IReadOnlyList<ConfigKind> Kinds => _parser.Schemas.All;

    /// <summary>The version a kind is watched at; null while none is served (or before the first probe).</summary>
    public KubeResourceType? WatchedType(string kind) => _watched.GetValueOrDefault(kind);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_stopping is not null)
        {
            return Task.CompletedTask;
        }

        _stopping = new CancellationTokenSource();
        var token = _stopping.Token;
        var tasks = Kinds.Select(kind => Task.Run(() => RunKindAsync(kind, token), CancellationToken.None)).ToList();
        tasks.Add(Task.Run(() => ApplyLoopAsync(token), CancellationToken.None));
        _running = Task.WhenAll(tasks);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping is null)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _running.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _stopping?.Dispose();
    }

    private async Task RunKindAsync(ConfigKind kind, CancellationToken stopping)
    {
        var backoff = new ExponentialBackoff(_options.Informer.InitialBackoff, _options.Informer.MaxBackoff, _options.Informer.Random ?? Random.Shared);
        var notInstalledLogged = false;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var type = await ProbeAsync(kind, stopping).ConfigureAwait(false);
                backoff.Reset();
                _watched[kind.Kind] = type;
                if (type is null)
                {
                    // Not installed means no objects of this kind: what was known of it goes away.
                    ReplaceKind(kind, new Dictionary<KubeObjectKey, System.Text.Json.Nodes.JsonObject>(), synced: true);
                    if (!notInstalledLogged)
                    {
                        Log.NotInstalled(_logger, kind.Kind, string.Join(", ", kind.Versions.Select(v => $"{kind.Group}/{v}")), _options.NotInstalledRetry);
                        notInstalledLogged = true;
                    }

                    await Task.Delay(_options.NotInstalledRetry, stopping).ConfigureAwait(false);
                    continue;
                }

                notInstalledLogged = false;
                Log.Watching(_logger, kind.Kind, type.ApiVersion, type.Plural);
                var informer = new KubeInformer(_client, type, _options.Informer with { EndWhenNotServed = true }, _loggers.CreateLogger<KubeInformer>());
                informer.AddHandler((e, _) =>
                {
                    OnEvent(kind, informer, e);
                    return ValueTask.CompletedTask;
                });

                // Returns when the version stops being served (CRD removed or changed); the loop asks again.
                await informer.RunAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is KubeApiException or KubeConfigException or HttpRequestException or IOException or TimeoutException or FormatException or JsonException)
            {
                var delay = backoff.Next();
                Log.ProbeFailed(_logger, kind.Kind, e.Message, (long)delay.TotalMilliseconds);
                try
                {
                    await Task.Delay(delay, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>The first version of the kind the server answers a list for; null when every one is 404.</summary>
    private async Task<KubeResourceType?> ProbeAsync(ConfigKind kind, CancellationToken stopping)
    {
        foreach (var version in kind.Versions)
        {
            var type = new KubeResourceType(kind.Group, version, kind.Plural, kind.Kind, Namespaced: !kind.ClusterScoped);
            try
            {
                await _client.ListAsync(type, new KubeListOptions { Limit = 1 }, stopping).ConfigureAwait(false);
                return type;
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
                // Not this version; try the next.
            }
        }

        return null;
    }

    private void OnEvent(ConfigKind kind, KubeInformer informer, KubeInformerEvent e)
    {
        switch (e.Type)
        {
            case KubeInformerEventType.Synced:
                // A fresh informer (first start, or after the version changed) lists everything; drop what it did not list.
                ReplaceKind(kind, informer.Snapshot(), synced: true);
                break;
            case KubeInformerEventType.Added or KubeInformerEventType.Updated:
                var parsed = Parse(kind, e.Key, e.Object!);
                lock (_lock)
                {
                    KindMap(kind)[e.Key] = parsed;
                }

                break;
            case KubeInformerEventType.Deleted:
                lock (_lock)
                {
                    KindMap(kind).Remove(e.Key);
                }

                break;
        }

        _dirty.Writer.TryWrite(true);
    }

    private void ReplaceKind(ConfigKind kind, IReadOnlyDictionary<KubeObjectKey, System.Text.Json.Nodes.JsonObject> objects, bool synced)
    {
        lock (_lock)
        {
            var map = KindMap(kind);
            var fresh = new Dictionary<KubeObjectKey, ParseResult>();
            foreach (var (key, obj) in objects)
            {
                // Parse again only what changed since it was parsed (same resourceVersion = same content).
                fresh[key] = map.TryGetValue(key, out var known) && known.Config?.Meta.ResourceVersion is { } rv && rv == KubeObjects.ResourceVersion(obj)
                    ? known
                    : Parse(kind, key, obj);
            }

            _objects[kind.Kind] = fresh;
            if (synced)
            {
                _synced.Add(kind.Kind);
            }
        }

        _dirty.Writer.TryWrite(true);
    }

    private ParseResult Parse(ConfigKind kind, KubeObjectKey key, System.Text.Json.Nodes.JsonObject obj)
    {
        var source = $"{kind.Kind}/{key.Namespace ?? "-"}/{key.Name}";
        var result = _parser.ParseObject(obj, source);
        if (result.Outcome is ParseOutcome.Invalid or ParseOutcome.Unreadable)
        {
            Log.Rejected(_logger, source, string.Join("; ", result.Errors));
        }
        else if (result.Warnings.Count > 0)
        {
            Log.Warnings(_logger, source, string.Join("; ", result.Warnings));
        }

        return result;
    }

    private Dictionary<KubeObjectKey, ParseResult> KindMap(ConfigKind kind)
    {
        if (!_objects.TryGetValue(kind.Kind, out var map))
        {
            map = [];
            _objects[kind.Kind] = map;
        }

        return map;
    }

    private async Task ApplyLoopAsync(CancellationToken stopping)
    {
        try
        {
            while (await _dirty.Reader.WaitToReadAsync(stopping).ConfigureAwait(false))
            {
                await Task.Delay(_options.Coalesce, stopping).ConfigureAwait(false);
                _dirty.Reader.TryRead(out _);
                Apply();
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private void Apply()
    {
        ParseResult[] documents;
        lock (_lock)
        {
            // Until every kind has been listed once, a partial view would delete the unlisted kinds' objects.
            if (Kinds.Any(k => !_synced.Contains(k.Kind)))
            {
                return;
            }

            documents = _objects.Values.SelectMany(m => m.Values).ToArray();
        }

        try
        {
            _store.ApplySource(Id, documents);
        }
        catch (Exception e)
        {
            Log.ApplyFailed(_logger, e);
            return;
        }

        if (!_firstLoad.Task.IsCompleted)
        {
            Log.Synced(_logger, documents.Count(d => d.Outcome == ParseOutcome.Accepted), Kinds.Count(k => _watched.GetValueOrDefault(k.Kind) is not null),
                documents.Count(d => d.Outcome is ParseOutcome.Invalid or ParseOutcome.Unreadable));
            _firstLoad.TrySetResult();
        }
    }
}
