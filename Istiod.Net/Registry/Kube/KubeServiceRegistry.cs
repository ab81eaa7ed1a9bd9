using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Istiod.Net.Config.Store;
using Istiod.Net.Kube;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Istiod.Net.Registry.Kube;

/// <summary>
/// Services and endpoints from a cluster: Services, EndpointSlices (discovery.k8s.io/v1), Pods (labels, service
/// account), Nodes (locality) and Namespaces (network). Each informer event recomputes only the services it can
/// touch and raises <see cref="Changed"/> for those whose result differs, marked endpoints-only when the service
/// definition stayed the same, so such a change pushes EDS alone. <see cref="Contribute"/> reads an immutable
/// snapshot and never blocks.
/// </summary>
public sealed class KubeServiceRegistry : IServiceRegistrySource, IHostedService, IAsyncDisposable
{
    private const string ServiceNameLabel = "kubernetes.io/service-name";

    private readonly KubeServiceRegistryOptions _options;
    private readonly ILogger _logger;
    private readonly KubeInformer _services;
    private readonly KubeInformer _slices;
    private readonly KubeInformer _pods;
    private readonly KubeInformer _nodes;
    private readonly KubeInformer _namespaces;
    private readonly KubeServiceConverter.Lookups _lookups;
    private readonly Lock _lock = new();
    private readonly Dictionary<KubeObjectKey, HashSet<KubeObjectKey>> _slicesByService = [];
    private readonly Dictionary<KubeObjectKey, HashSet<KubeObjectKey>> _servicesByPod = [];
    private readonly Dictionary<string, HashSet<KubeObjectKey>> _servicesByNode = new(StringComparer.Ordinal);
    private readonly Dictionary<KubeObjectKey, (HashSet<KubeObjectKey> Pods, HashSet<string> Nodes)> _reads = [];
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ImmutableSortedDictionary<KubeObjectKey, KubeServiceView> _views =
        ImmutableSortedDictionary.Create<KubeObjectKey, KubeServiceView>(Comparer<KubeObjectKey>.Create(CompareKeys));
    private CancellationTokenSource? _stopping;
    private int _disposed;
    private Task _running = Task.CompletedTask;
    private int _syncedInformers;
    private bool _built;

    public KubeServiceRegistry(KubeClient client, KubeServiceRegistryOptions? options = null, ILoggerFactory? loggers = null)
    {
        _options = options ?? new KubeServiceRegistryOptions();
        loggers ??= NullLoggerFactory.Instance;
        _logger = loggers.CreateLogger<KubeServiceRegistry>();
        var informerLogger = loggers.CreateLogger<KubeInformer>();
        _services = new KubeInformer(client, KubeResourceTypes.Services, _options.Informer, informerLogger);
        _slices = new KubeInformer(client, KubeResourceTypes.EndpointSlices, _options.Informer, informerLogger);
        _pods = new KubeInformer(client, KubeResourceTypes.Pods, _options.Informer, informerLogger);
        _nodes = new KubeInformer(client, KubeResourceTypes.Nodes, _options.Informer, informerLogger);
        _namespaces = new KubeInformer(client, KubeResourceTypes.Namespaces, _options.Informer, informerLogger);
        _lookups = new KubeServiceConverter.Lookups(
            _pods.Get,
            node => _nodes.Get(new KubeObjectKey(null, node)),
            ns => _namespaces.Get(new KubeObjectKey(null, ns)));

        _services.AddHandler((e, _) => Handle(e, OnService));
        _slices.AddHandler((e, _) => Handle(e, OnSlice));
        _pods.AddHandler((e, _) => Handle(e, OnPod));
        _nodes.AddHandler((e, _) => Handle(e, OnNode));
        _namespaces.AddHandler((e, _) => Handle(e, OnNamespace));
    }

    public string Name => _options.Name;

    /// <summary>Completes once every informer has listed once and the first full view is built.</summary>
    public Task FirstLoad => _synced.Task;

    public bool HasSynced => _synced.Task.IsCompleted;

    public event Action<RegistrySourceChange>? Changed;

    /// <summary>The current view of every service, keyed by the Service's namespace and name.</summary>
    public IReadOnlyDictionary<KubeObjectKey, KubeServiceView> Views => Volatile.Read(ref _views);

    public void Contribute(ConfigSnapshot config, RegistryBuilder builder)
    {
        foreach (var view in Volatile.Read(ref _views).Values)
        {
            if (!builder.AddService(view.Service))
            {
                continue;
            }

            foreach (var instance in view.Instances)
            {
                builder.AddInstance(instance);
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_stopping is null)
        {
            _stopping = new CancellationTokenSource();
            var token = _stopping.Token;
            _running = Task.WhenAll(
                new[] { _namespaces, _nodes, _pods, _services, _slices }.Select(i => Task.Run(() => i.RunAsync(token), CancellationToken.None)));
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
        // The container disposes this once per registration (itself and IServiceRegistrySource): only the first counts.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _stopping?.Dispose();
    }

    private ValueTask Handle(KubeInformerEvent e, Func<KubeInformerEvent, IEnumerable<KubeObjectKey>> affected)
    {
        if (e.Type == KubeInformerEventType.Synced)
        {
            if (Interlocked.Increment(ref _syncedInformers) == 5)
            {
                RecomputeAll();
            }

            return ValueTask.CompletedTask;
        }

        List<RegistrySourceChange> changes;
        lock (_lock)
        {
            var keys = affected(e).ToHashSet();
            if (!_built)
            {
                // Before every informer has listed, views would be built from half the picture: wait for the full build.
                return ValueTask.CompletedTask;
            }

            changes = Recompute(keys);
        }

        Raise(changes);
        return ValueTask.CompletedTask;
    }

    private IEnumerable<KubeObjectKey> OnService(KubeInformerEvent e) => [e.Key];

    private IEnumerable<KubeObjectKey> OnSlice(KubeInformerEvent e)
    {
        var result = new List<KubeObjectKey>();
        foreach (var obj in new[] { e.OldObject, e.Object })
        {
            if (ServiceOf(obj) is not { } service)
            {
                continue;
            }

            result.Add(service);
            if (!_slicesByService.TryGetValue(service, out var set))
            {
                _slicesByService[service] = set = [];
            }

            set.Remove(e.Key);
        }

        if (e.Type != KubeInformerEventType.Deleted && ServiceOf(e.Object) is { } current)
        {
            _slicesByService[current].Add(e.Key);
        }

        return result;
    }

    private IEnumerable<KubeObjectKey> OnPod(KubeInformerEvent e) =>
        _servicesByPod.TryGetValue(e.Key, out var services) ? services.ToArray() : [];

    private IEnumerable<KubeObjectKey> OnNode(KubeInformerEvent e) =>
        _servicesByNode.TryGetValue(e.Key.Name, out var services) ? services.ToArray() : [];

    private IEnumerable<KubeObjectKey> OnNamespace(KubeInformerEvent e) =>
        Volatile.Read(ref _views).Keys.Where(k => k.Namespace == e.Key.Name).ToArray();

    private void RecomputeAll()
    {
        lock (_lock)
        {
            _slicesByService.Clear();
            foreach (var (key, slice) in _slices.Snapshot())
            {
                if (ServiceOf(slice) is { } service)
                {
                    if (!_slicesByService.TryGetValue(service, out var set))
                    {
                        _slicesByService[service] = set = [];
                    }

                    set.Add(key);
                }
            }

            Recompute(_services.Snapshot().Keys.Concat(_views.Keys).ToHashSet());
            var views = _views;
            Log.Synced(_logger, views.Count, views.Values.Sum(v => v.Instances.Count));

            // Inside the lock: an event that missed the snapshot above must find the registry built, not be dropped.
            _built = true;
            _synced.TrySetResult();
        }

        // Everything the registry holds is new to the push path.
        var hosts = Volatile.Read(ref _views).Values.Select(v => v.Service.Hostname).ToHashSet(StringComparer.Ordinal);
        Raise([new RegistrySourceChange(Name, hosts, EndpointsOnly: false)]);
    }

    /// <summary>Rebuilds the given services; returns the changes to raise. Holds the lock.</summary>
    private List<RegistrySourceChange> Recompute(IReadOnlySet<KubeObjectKey> keys)
    {
        var views = _views;
        var serviceHosts = new HashSet<string>(StringComparer.Ordinal);
        var endpointHosts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            views.TryGetValue(key, out var old);
            var obj = _services.Get(key);
            KubeServiceView? current = null;
            var pods = new HashSet<KubeObjectKey>();
            var nodes = new HashSet<string>(StringComparer.Ordinal);
            if (obj is not null)
            {
                var slices = (_slicesByService.GetValueOrDefault(key) ?? []).Select(_slices.Get).OfType<JsonObject>();
                current = KubeServiceConverter.Convert(obj, slices, _lookups, _options.Domain, Name, pods, nodes);
            }

            Reindex(key, pods, nodes);
            if (current is null)
            {
                if (old is not null)
                {
                    views = views.Remove(key);
                    serviceHosts.Add(old.Service.Hostname);
                    Log.ServiceChanged(_logger, key.ToString(), "removed");
                }

                continue;
            }

            views = views.SetItem(key, current);
            if (old is null || !old.Service.SameDefinition(current.Service))
            {
                serviceHosts.Add(current.Service.Hostname);
                if (old is not null)
                {
                    serviceHosts.Add(old.Service.Hostname);
                }

                Log.ServiceChanged(_logger, key.ToString(), old is null ? "added" : "definition");
            }
            else if (!old.SameInstances(current))
            {
                endpointHosts.Add(current.Service.Hostname);
                Log.ServiceChanged(_logger, key.ToString(), "endpoints");
            }
        }

        Volatile.Write(ref _views, views);
        endpointHosts.ExceptWith(serviceHosts);
        var changes = new List<RegistrySourceChange>();
        if (serviceHosts.Count > 0)
        {
            changes.Add(new RegistrySourceChange(Name, serviceHosts, EndpointsOnly: false));
        }

        if (endpointHosts.Count > 0)
        {
            changes.Add(new RegistrySourceChange(Name, endpointHosts, EndpointsOnly: true));
        }

        return changes;
    }

    private void Reindex(KubeObjectKey service, HashSet<KubeObjectKey> pods, HashSet<string> nodes)
    {
        if (_reads.TryGetValue(service, out var previous))
        {
            foreach (var pod in previous.Pods)
            {
                if (_servicesByPod.TryGetValue(pod, out var set) && set.Remove(service) && set.Count == 0)
                {
                    _servicesByPod.Remove(pod);
                }
            }

            foreach (var node in previous.Nodes)
            {
                if (_servicesByNode.TryGetValue(node, out var set) && set.Remove(service) && set.Count == 0)
                {
                    _servicesByNode.Remove(node);
                }
            }
        }

        foreach (var pod in pods)
        {
            if (!_servicesByPod.TryGetValue(pod, out var set))
            {
                _servicesByPod[pod] = set = [];
            }

            set.Add(service);
        }

        foreach (var node in nodes)
        {
            if (!_servicesByNode.TryGetValue(node, out var set))
            {
                _servicesByNode[node] = set = [];
            }

            set.Add(service);
        }

        _reads[service] = (pods, nodes);
    }

    private void Raise(List<RegistrySourceChange> changes)
    {
        foreach (var change in changes)
        {
            try
            {
                Changed?.Invoke(change);
            }
            catch (Exception e)
            {
                Log.HandlerFailed(_logger, e);
            }
        }
    }

    private static KubeObjectKey? ServiceOf(JsonObject? slice) =>
        slice is not null
        && slice["metadata"]?["labels"]?[ServiceNameLabel] is JsonValue v && v.TryGetValue<string>(out var name) && name.Length > 0
        && KubeObjects.Namespace(slice) is { Length: > 0 } ns
            ? new KubeObjectKey(ns, name)
            : null;

    private static int CompareKeys(KubeObjectKey a, KubeObjectKey b)
    {
        var c = string.CompareOrdinal(a.Namespace, b.Namespace);
        return c != 0 ? c : string.CompareOrdinal(a.Name, b.Name);
    }
}
