using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Istiod.Net.Kube;

/// <summary>
/// Keeps a local copy of one resource type: lists, then watches from the list's resourceVersion, and lists
/// again when the server says that version is gone. A relist is diffed against the cache so handlers see only
/// real changes, including deletes that happened while disconnected; repeated events for a version already
/// cached are dropped. Handlers run one at a time in event order; the objects they receive are shared with the
/// cache and must not be modified.
/// </summary>
public sealed class KubeInformer
{
    private readonly KubeClient _client;
    private readonly KubeInformerOptions _options;
    private readonly ILogger _logger;
    private readonly Random _random;
    private readonly Lock _lock = new();
    private readonly Dictionary<KubeObjectKey, JsonObject> _cache = [];
    private readonly List<Func<KubeInformerEvent, CancellationToken, ValueTask>> _handlers = [];
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _started;
    private long _lists;
    private string? _resourceVersion;

    public KubeInformer(KubeClient client, KubeResourceType type, KubeInformerOptions? options = null, ILogger<KubeInformer>? logger = null)
    {
        _client = client;
        Type = type;
        _options = options ?? new KubeInformerOptions();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _random = _options.Random ?? Random.Shared;
    }

    public KubeResourceType Type { get; }

    /// <summary>True once the first list has been delivered to the handlers.</summary>
    public bool HasSynced => _synced.Task.IsCompleted;

    /// <summary>The newest resourceVersion seen (list, event or bookmark); where the next watch starts.</summary>
    public string? ResourceVersion => Volatile.Read(ref _resourceVersion);

    /// <summary>True when <see cref="RunAsync"/> ended because the resource is not served (see <see cref="KubeInformerOptions.EndWhenNotServed"/>).</summary>
    public bool EndedNotServed { get; private set; }

    /// <summary>How many full lists have been made (1 + relists).</summary>
    public long ListCount => Interlocked.Read(ref _lists);

    /// <summary>Registers a handler; only before <see cref="RunAsync"/>.</summary>
    public void AddHandler(Func<KubeInformerEvent, CancellationToken, ValueTask> handler)
    {
        if (Volatile.Read(ref _started) != 0)
        {
            throw new InvalidOperationException("handlers must be added before the informer runs");
        }

        _handlers.Add(handler);
    }

    public Task WaitForSyncAsync(CancellationToken cancellationToken = default) => _synced.Task.WaitAsync(cancellationToken);

    /// <summary>A copy of the cache (the objects themselves are shared and must not be modified).</summary>
    public IReadOnlyDictionary<KubeObjectKey, JsonObject> Snapshot()
    {
        lock (_lock)
        {
            return new Dictionary<KubeObjectKey, JsonObject>(_cache);
        }
    }

    public JsonObject? Get(KubeObjectKey key)
    {
        lock (_lock)
        {
            return _cache.GetValueOrDefault(key);
        }
    }

    /// <summary>Lists and watches until cancelled; never throws for API or network faults, it retries them.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("an informer runs once");
        }

        var backoff = new ExponentialBackoff(_options.InitialBackoff, _options.MaxBackoff, _random);
        var needList = true;
        var fullPage = false;
        var gones = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (needList)
                {
                    await ListAsync(fullPage, cancellationToken).ConfigureAwait(false);
                    needList = false;
                    fullPage = false;
                }

                var received = await WatchAsync(backoff, cancellationToken).ConfigureAwait(false);
                gones = 0;
                if (!received)
                {
                    // A watch that ends with nothing at all may be a server closing at once; do not spin on it.
                    await Task.Delay(backoff.Next(), cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (KubeApiException e) when (e.IsNotFound && _options.EndWhenNotServed)
            {
                if (needList)
                {
                    KubeLog.NotServed(_logger, Type.ToString(), e.Message);
                    EndedNotServed = true;
                    return;
                }

                // A watch that is not found: the resource may have been removed; a list tells for sure.
                needList = true;
                await DelayAsync(backoff, e, cancellationToken).ConfigureAwait(false);
            }
            catch (KubeApiException e) when (e.IsGone)
            {
                KubeLog.Relisting(_logger, Type.ToString(), ResourceVersion);

                // A continue token that expired mid-list: the next list asks for everything in one answer.
                fullPage = needList;
                needList = true;
                if (++gones > 1)
                {
                    await DelayAsync(backoff, e, cancellationToken).ConfigureAwait(false);
                }
            }
            // KubeConfigException here is a credential the library could not get for a request (an exec plugin whose
            // cloud login lapsed, an unreadable token file): it may come back, so retry rather than end the informer.
            catch (Exception e) when (e is HttpRequestException or IOException or TimeoutException or KubeApiException or FormatException or JsonException or KubeConfigException)
            {
                await DelayAsync(backoff, e, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task DelayAsync(ExponentialBackoff backoff, Exception error, CancellationToken cancellationToken)
    {
        var delay = backoff.Next();
        KubeLog.Retrying(_logger, Type.ToString(), error.Message, (long)delay.TotalMilliseconds);
        try
        {
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The loop condition sees the cancellation.
        }
    }

    private async Task ListAsync(bool fullPage, CancellationToken cancellationToken)
    {
        var list = await _client.ListAllAsync(
            Type,
            new KubeListOptions
            {
                Namespace = _options.Namespace,
                LabelSelector = _options.LabelSelector,
                FieldSelector = _options.FieldSelector,
                Limit = fullPage ? 0 : _options.PageSize,
            },
            cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _lists);

        var fresh = new Dictionary<KubeObjectKey, JsonObject>(list.Items.Count);
        foreach (var item in list.Items)
        {
            if (KubeObjects.Name(item) is not { Length: > 0 })
            {
                KubeLog.Nameless(_logger, Type.ToString());
                continue;
            }

            fresh[KubeObjectKey.Of(item)] = item;
        }

        var changes = new List<KubeInformerEvent>();
        lock (_lock)
        {
            foreach (var (key, old) in _cache)
            {
                if (!fresh.ContainsKey(key))
                {
                    changes.Add(new KubeInformerEvent(KubeInformerEventType.Deleted, key, old, old));
                }
            }

            foreach (var (key, item) in fresh)
            {
                if (!_cache.TryGetValue(key, out var old))
                {
                    changes.Add(new KubeInformerEvent(KubeInformerEventType.Added, key, item, null));
                }
                else if (KubeObjects.ResourceVersion(old) != KubeObjects.ResourceVersion(item))
                {
                    changes.Add(new KubeInformerEvent(KubeInformerEventType.Updated, key, item, old));
                }
            }

            _cache.Clear();
            foreach (var (key, item) in fresh)
            {
                _cache[key] = item;
            }

            Volatile.Write(ref _resourceVersion, list.ResourceVersion);
        }

        KubeLog.Listed(_logger, Type.ToString(), fresh.Count, list.ResourceVersion);
        foreach (var change in changes)
        {
            await DeliverAsync(change, cancellationToken).ConfigureAwait(false);
        }

        if (!_synced.Task.IsCompleted)
        {
            await DeliverAsync(KubeInformerEvent.SyncedEvent, cancellationToken).ConfigureAwait(false);
            _synced.TrySetResult();
        }
    }

    /// <summary>One watch until the server ends it; true when it delivered at least one event.</summary>
    private async Task<bool> WatchAsync(ExponentialBackoff backoff, CancellationToken cancellationToken)
    {
        var timeout = _options.WatchTimeout * (1 + _random.NextDouble());
        var options = new KubeWatchOptions
        {
            Namespace = _options.Namespace,
            LabelSelector = _options.LabelSelector,
            FieldSelector = _options.FieldSelector,
            ResourceVersion = ResourceVersion,
            Timeout = timeout,
            AllowBookmarks = true,
        };

        var received = false;
        await foreach (var e in _client.WatchAsync(Type, options, cancellationToken).ConfigureAwait(false))
        {
            if (!received)
            {
                received = true;
                backoff.Reset();
            }

            await ApplyAsync(e, cancellationToken).ConfigureAwait(false);
        }

        return received;
    }

    private async Task ApplyAsync(KubeWatchEvent e, CancellationToken cancellationToken)
    {
        var rv = e.ResourceVersion;
        if (e.Type == KubeWatchEventType.Bookmark)
        {
            if (!string.IsNullOrEmpty(rv))
            {
                Volatile.Write(ref _resourceVersion, rv);
            }

            return;
        }

        if (KubeObjects.Name(e.Object) is not { Length: > 0 })
        {
            KubeLog.Nameless(_logger, Type.ToString());
            return;
        }

        var key = KubeObjectKey.Of(e.Object);
        KubeInformerEvent? change = null;
        lock (_lock)
        {
            var had = _cache.TryGetValue(key, out var old);
            if (e.Type == KubeWatchEventType.Deleted)
            {
                if (had)
                {
                    _cache.Remove(key);
                    change = new KubeInformerEvent(KubeInformerEventType.Deleted, key, e.Object, old);
                }
            }
            else if (!had)
            {
                _cache[key] = e.Object;
                change = new KubeInformerEvent(KubeInformerEventType.Added, key, e.Object, null);
            }
            else if (KubeObjects.ResourceVersion(old!) != rv)
            {
                _cache[key] = e.Object;
                change = new KubeInformerEvent(KubeInformerEventType.Updated, key, e.Object, old);
            }

            if (!string.IsNullOrEmpty(rv))
            {
                Volatile.Write(ref _resourceVersion, rv);
            }
        }

        if (change is not null)
        {
            await DeliverAsync(change, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task DeliverAsync(KubeInformerEvent change, CancellationToken cancellationToken)
    {
        foreach (var handler in _handlers)
        {
            try
            {
                await handler(change, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                // One faulty consumer must not stop the others or the cache.
                KubeLog.HandlerFailed(_logger, ex, Type.ToString(), change.Type.ToString(), change.Key.ToString());
            }
        }
    }
}
