using Istiod.Net.Config.Model;
using Istiod.Net.Config.Store;
using Istiod.Net.Diagnostics;
using Istiod.Net.Registry;
using Microsoft.Extensions.Logging;

namespace Istiod.Net.Push;

/// <summary>
/// Drives pushes: listens to the config store and the registry sources, debounces, builds the next push
/// context from the newest config snapshot and hands it to the consumer (the xDS resource provider).
/// Call <see cref="Start"/> once; it builds the first context synchronously so proxies can be served
/// as soon as it returns.
/// </summary>
public sealed class PushCoordinator : IDisposable
{
    private readonly IConfigStore _store;
    private readonly PushContextBuilder _builder;
    private readonly IPushContextConsumer _consumer;
    private readonly IstiodMetrics _metrics;
    private readonly ILogger _logger;
    private readonly PushDebouncer _debouncer;
    private readonly TimeProvider _time;
    private readonly Lock _startGate = new();
    private readonly Lock _pushGate = new();
    private PushContext? _current;
    private bool _started;

    public PushCoordinator(
        IConfigStore store,
        PushContextBuilder builder,
        IPushContextConsumer consumer,
        PushOptions options,
        TimeProvider time,
        IstiodMetrics metrics,
        ILogger<PushCoordinator> logger)
    {
        _store = store;
        _builder = builder;
        _consumer = consumer;
        _metrics = metrics;
        _logger = logger;
        _time = time;
        _debouncer = new PushDebouncer(options, time, Push);
    }

    /// <summary>The newest push context; null before <see cref="Start"/>.</summary>
    public PushContext? Current => Volatile.Read(ref _current);

    public void Start()
    {
        lock (_startGate)
        {
            if (_started)
            {
                return;
            }

            _started = true;
        }

        // Subscribe before reading the first snapshot, so no change falls between the two.
        _store.Changed += OnConfigChanged;
        foreach (var source in _builder.Sources)
        {
            source.Changed += OnRegistryChanged;
        }

        Push(PushRequest.ForFull("initial") with { TriggeredAt = _time.GetUtcNow() });
    }

    /// <summary>Regenerate everything for everyone (after a debounce), e.g. from a debug endpoint.</summary>
    public void RequestFullPush(string reason) => _debouncer.Enqueue(PushRequest.ForFull(reason));

    /// <summary>
    /// Regenerate what reads these configs as if they had changed (after a debounce), when something they
    /// point at outside the config did, e.g. the key set behind a RequestAuthentication's jwksUri. Narrower
    /// than a full push: only resources whose generation read those kinds are rebuilt and re-sent.
    /// </summary>
    public void RequestConfigPush(IReadOnlySet<ConfigKey> keys, string reason)
    {
        bool started;
        lock (_startGate)
        {
            started = _started;
        }

        // Before Start nothing was generated (and a cluster's config may still be syncing): the first push
        // reads whatever the configs point at then, so an earlier request has nothing to refresh.
        if (started && keys.Count > 0)
        {
            _debouncer.Enqueue(PushRequest.ForConfig(keys, reason));
        }
    }

    public void Dispose()
    {
        _store.Changed -= OnConfigChanged;
        foreach (var source in _builder.Sources)
        {
            source.Changed -= OnRegistryChanged;
        }

        _debouncer.Dispose();
    }

    private void OnConfigChanged(ConfigChange change) => _debouncer.Enqueue(PushRequest.ForConfig(change.ChangedKeys));

    private void OnRegistryChanged(RegistrySourceChange change) => _debouncer.Enqueue(PushRequest.ForRegistry(change));

    /// <summary>
    /// Runs on the debouncer's timer thread, and once from <see cref="Start"/>; must not throw. The whole
    /// push holds the gate, so consumers see contexts one at a time and in order.
    /// </summary>
    private void Push(PushRequest request)
    {
        lock (_pushGate)
        {
            try
            {
                foreach (var (reason, count) in request.Reasons)
                {
                    _metrics.PushTriggers.Add(count, new KeyValuePair<string, object?>("type", reason));
                }

                var previous = _current;
                var context = _builder.Build(_store.Current, request, previous);
                Volatile.Write(ref _current, context);

                // Conflicts persist until the configs change; say so once, not on every push.
                foreach (var conflict in context.Registry.Conflicts.Except(previous?.Registry.Conflicts ?? [], StringComparer.Ordinal))
                {
                    Log.RegistryConflict(_logger, conflict);
                }

                Log.ContextBuilt(_logger, context.Sequence, context.Config.Version, context.Registry.Services.Count, request.ReasonText, context.Changes.ToString());
                if (context.Changes.IsEmpty)
                {
                    Log.NothingChanged(_logger, request.ReasonText);
                }

                _consumer.OnPushContext(context);
            }
            catch (Exception e)
            {
                Log.BuildFailed(_logger, e);
            }
        }
    }
}
