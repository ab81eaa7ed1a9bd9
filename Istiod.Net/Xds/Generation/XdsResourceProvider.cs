using System.Collections.Concurrent;
using Envoy.Config.Core.V3;
using Google.Protobuf.WellKnownTypes;
using Istiod.Net.Config.Store;
using Istiod.Net.Diagnostics;
using Istiod.Net.Push;
using Istiod.Net.Registry;
using Istiod.Net.Xds.Cache;
using Istiod.Net.Xds.Protocol;
using Istiod.Net.Xds.Validation;
using Microsoft.Extensions.Logging;

namespace Istiod.Net.Xds.Generation;

/// <summary>
/// Serves xDS resources from the current push context: picks each proxy's generator set, answers from the
/// cache, and turns each new push context into an <see cref="XdsPush"/> as narrow as the change allows.
/// Thread-safe; generation reads one (context, cache generation) pair from start to end.
/// Every generated resource passes the <see cref="IProtoRulesChecker"/> before it is cached: one that breaks
/// Envoy's rules is never served, and proxies keep the last good version of it (or go without it).
/// </summary>
public sealed class XdsResourceProvider : IXdsResourceProvider, IPushContextConsumer
{
    private readonly GeneratorTable _table;
    private readonly XdsResourceCache<Dependency> _cache;
    private readonly IstiodMetrics _metrics;
    private readonly ILogger _logger;
    private readonly IProtoRulesChecker _rules;
    private readonly ProcessHealth? _health;
    private readonly ConcurrentDictionary<Proxy, byte> _proxies = new();
    private readonly ConcurrentDictionary<CacheKey, XdsResource> _lastGood = new();
    private long _lastGoodWrites;
    private int _sweeping;
    private State _state;

    public XdsResourceProvider(
        GeneratorTable table,
        XdsResourceCache<Dependency> cache,
        IstiodMetrics metrics,
        ILogger<XdsResourceProvider> logger,
        IProtoRulesChecker? rules = null,
        ProcessHealth? health = null)
    {
        _table = table;
        _cache = cache;
        _metrics = metrics;
        _logger = logger;
        _rules = rules ?? new ProtoRulesChecker();
        _health = health;
        metrics.ObserveXdsCache(() => _cache.Current.Count, () => _cache.Evictions, () => _cache.Hits, () => _cache.Misses);
        _state = new State(EmptyContext(), cache.Current);
    }

    public event Action<XdsPush>? Pushed;

    /// <summary>The push context generation reads now.</summary>
    public PushContext Context => Volatile.Read(ref _state).Context;

    public XdsResourceCache<Dependency> Cache => _cache;

    public IReadOnlyCollection<Proxy> Proxies => _proxies.Keys.ToArray();

    public IXdsProxy Connect(Node node, XdsConnectionInfo connection)
    {
        var proxy = ProxyParser.Parse(node, connection);
        proxy.Generators = _table.For(proxy)
            ?? throw new XdsRejectedException($"node.id '{proxy.Id}': no generators serve this kind of client");
        _proxies[proxy] = 0;
        Log.ProxyConnected(_logger, proxy.Id, proxy.ConnectionId, proxy.Namespace, proxy.Generators.Name);
        return proxy;
    }

    public void Disconnect(IXdsProxy proxy)
    {
        if (proxy is Proxy known && _proxies.TryRemove(known, out _))
        {
            Log.ProxyDisconnected(_logger, known.Id, known.ConnectionId);
        }
    }

    public XdsGeneration Generate(IXdsProxy proxy, string typeUrl, IReadOnlySet<string>? names)
    {
        if (proxy is not Proxy known)
        {
            throw new ArgumentException($"{proxy.GetType().Name} was not made by this provider", nameof(proxy));
        }

        known.BeginGeneration();
        try
        {
            var state = Volatile.Read(ref _state);
            var generator = known.Generators.For(typeUrl);
            if (generator is null)
            {
                known.EndGeneration(typeUrl, new HashSet<Dependency>());
                return new XdsGeneration(state.Context.Version, []);
            }

            var context = new GenerationContext(state.Context, known.View);
            if (generator is IProxyBoundGenerator bound)
            {
                var own = GenerateForProxy(bound, context, known, names);
                known.EndGeneration(typeUrl, new HashSet<Dependency>());
                return new XdsGeneration(state.Context.Version, own);
            }

            var read = new HashSet<Dependency>();
            var wanted = names is null ? List(generator, context, read) : names.Order(StringComparer.Ordinal).ToList();
            var resources = new List<XdsResource>(wanted.Count);
            foreach (var name in wanted)
            {
                var scoped = Scoped(generator, context, name);
                var key = new CacheKey(typeUrl, name, scoped.View.Namespace, scoped.View.GeneratorSet, scoped.View.WorkloadKey);
                var entry = state.Cache.GetOrCreate(key, () => Run(generator, scoped, name, key));
                if (entry is null)
                {
                    continue;
                }

                read.UnionWith(entry.DependsOn);
                if (entry.Resource is not null)
                {
                    resources.Add(entry.Resource);
                }
            }

            known.EndGeneration(typeUrl, read);
            return new XdsGeneration(state.Context.Version, resources);
        }
        catch (Exception e)
        {
            ReportIfOutOfMemory(e, typeUrl);
            known.AbortGeneration();
            throw;
        }
    }

    /// <summary>
    /// Sends a push that does not come from a new push context (certificate rotation), to the streams it
    /// affects. Thread-safe.
    /// </summary>
    public void Push(XdsPush push)
    {
        Log.PushRaised(_logger, push.Version, push.Reason,
            push.Types is null ? "all" : string.Join(",", push.Types.Select(XdsTypeUrls.ShortName)), push.Affects is null ? "all" : "selected");
        try
        {
            Pushed?.Invoke(push);
        }
        catch (Exception e)
        {
            ReportIfOutOfMemory(e, typeUrl: null);
            Log.PushHandlerFailed(_logger, e, push.Version);
        }
    }

    public void OnPushContext(PushContext context)
    {
        if (context.Sequence <= Context.Sequence)
        {
            // Contexts arrive in order from one coordinator; an older one would take proxies back in time.
            return;
        }

        var changes = context.Changes;
        var generation = _cache.Advance(
            context.Sequence,
            changes.IsEverything ? null : (key, read) => !changes.TouchesAny(read, key.Namespace));
        Volatile.Write(ref _state, new State(context, generation));

        var push = PushScope.For(context, _table);
        if (push is null)
        {
            Log.NoPushNeeded(_logger, context.Version, context.Request.ReasonText);
            return;
        }

        Log.PushRaised(_logger, push.Version, push.Reason,
            push.Types is null ? "all" : string.Join(",", push.Types.Select(XdsTypeUrls.ShortName)),
            push.Affects is null ? "all" : context.Changes.VisibleNamespaces() is { } ns ? $"in {string.Join(",", ns)} that read the change" : "that read the change");
        try
        {
            Pushed?.Invoke(push);
        }
        catch (Exception e)
        {
            ReportIfOutOfMemory(e, typeUrl: null);
            Log.PushHandlerFailed(_logger, e, push.Version);
        }
    }

    /// <summary>Resources that belong to this proxy alone: generated on every call, never cached.</summary>
    private List<XdsResource> GenerateForProxy(IProxyBoundGenerator generator, GenerationContext context, Proxy proxy, IReadOnlySet<string>? names)
    {
        var wanted = names is null ? List(generator, context, new HashSet<Dependency>()) : names.Order(StringComparer.Ordinal).ToList();
        var resources = new List<XdsResource>(wanted.Count);
        foreach (var name in wanted)
        {
            try
            {
                if (generator.Generate(context, proxy, name) is { } message)
                {
                    var packed = Any.Pack(message);
                    resources.Add(new XdsResource(name, packed, ResourceVersion.Of(packed)));
                }
            }
            catch (Exception e)
            {
                ReportIfOutOfMemory(e, generator.TypeUrl);
                Log.GeneratorFailed(_logger, e, generator.TypeUrl, name, proxy.Id);
                _metrics.InvalidResources.Add(1, new KeyValuePair<string, object?>("type", XdsTypeUrls.Label(generator.TypeUrl)));
            }
        }

        return resources;
    }

    private List<string> List(IXdsGenerator generator, GenerationContext context, HashSet<Dependency> read)
    {
        var recorder = new DependencyRecorder(generator);
        try
        {
            var names = generator.ListNames(context, recorder).Distinct(StringComparer.Ordinal).ToList();
            read.UnionWith(recorder.Read);
            return names;
        }
        catch (Exception e)
        {
            ReportIfOutOfMemory(e, generator.TypeUrl);
            Log.ListingFailed(_logger, e, generator.TypeUrl, context.View.ToString());
            _metrics.InvalidResources.Add(1, new KeyValuePair<string, object?>("type", XdsTypeUrls.Label(generator.TypeUrl)));
            read.UnionWith(recorder.Read);
            return [];
        }
    }

    /// <summary>The context narrowed to the workload facets the generator declares for <paramref name="name"/>.</summary>
    private static GenerationContext Scoped(IXdsGenerator generator, GenerationContext context, string name)
    {
        if (context.Workload is not { } workload)
        {
            return context;
        }

        var projected = workload.Project(generator.WorkloadFacetsFor(name));
        return ReferenceEquals(projected, workload) ? context : context with { View = context.View with { Workload = projected } };
    }

    private CachedResource<Dependency>? Run(IXdsGenerator generator, GenerationContext context, string name, CacheKey key)
    {
        var recorder = new DependencyRecorder(generator);
        try
        {
            var message = generator.Generate(context, name, recorder);
            if (message is null)
            {
                // The name resolves to nothing: not kept, or a client could fill the cache with names of
                // its choosing. The caller still records what was read, so it appears when its inputs do.
                _lastGood.TryRemove(key, out _);
                return new CachedResource<Dependency>(null, recorder.Read, Keep: false);
            }

            var violations = _rules.Check(message);
            if (violations.Count > 0)
            {
                // Cached with what it read, like a good result: the next change to those inputs tries again.
                return new CachedResource<Dependency>(Reject(generator, context, name, key, violations), recorder.Read);
            }

            var packed = Any.Pack(message);
            var resource = new XdsResource(name, packed, ResourceVersion.Of(packed));
            _lastGood[key] = resource;
            BoundLastGood();
            return new CachedResource<Dependency>(resource, recorder.Read);
        }
        catch (Exception e)
        {
            ReportIfOutOfMemory(e, generator.TypeUrl);
            Log.GeneratorFailed(_logger, e, generator.TypeUrl, name, context.View.ToString());
            _metrics.InvalidResources.Add(1, new KeyValuePair<string, object?>("type", XdsTypeUrls.Label(generator.TypeUrl)));
            return null;
        }
    }

    /// <summary>Logs and counts a resource that breaks the rules; returns the last good version to serve instead, if any.</summary>
    private XdsResource? Reject(IXdsGenerator generator, GenerationContext context, string name, CacheKey key, IReadOnlyList<RuleViolation> violations)
    {
        const int Shown = 3;
        var type = XdsTypeUrls.Label(generator.TypeUrl);
        var lastGood = _lastGood.GetValueOrDefault(key);
        var shown = string.Join("; ", violations.Take(Shown)) + (violations.Count > Shown ? $"; and {violations.Count - Shown} more" : "");
        Log.ResourceRejected(_logger, type, name, context.View.ToString(), violations.Count,
            lastGood is null ? "no earlier version: left out" : $"keeping version {lastGood.Version}", shown);
        _metrics.RejectedResources.Add(1, new KeyValuePair<string, object?>("type", type));
        return lastGood;
    }

    /// <summary>
    /// The last good versions are keyed like the cache, by views clients choose (a namespace per stream), so
    /// they are bounded like it: past the cache's capacity, those whose key the cache no longer holds go.
    /// Checked once per tenth of the capacity in writes (counting a ConcurrentDictionary takes every lock).
    /// The price, only when over capacity: a resource whose regeneration breaks the rules may be left out
    /// instead of kept at its last good version.
    /// </summary>
    private void BoundLastGood()
    {
        var capacity = _cache.Capacity;
        if (Interlocked.Increment(ref _lastGoodWrites) % Math.Max(1, capacity / 10) != 0
            || _lastGood.Count <= capacity
            || Interlocked.Exchange(ref _sweeping, 1) == 1)
        {
            return;
        }

        try
        {
            var current = _cache.Current;
            foreach (var key in _lastGood.Keys)
            {
                if (!current.Contains(key))
                {
                    _lastGood.TryRemove(key, out _);
                }
            }
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }

    /// <summary>Last good versions kept (for tests: bounded like the cache).</summary>
    internal int LastGoodCount => _lastGood.Count;

    /// <summary>An out-of-memory failure while generating <paramref name="typeUrl"/>, or while pushing when null.</summary>
    private void ReportIfOutOfMemory(Exception e, string? typeUrl)
    {
        if (e is OutOfMemoryException)
        {
            _health?.ReportOutOfMemory(typeUrl is null ? "sending a push to the streams" : $"generating {XdsTypeUrls.Label(typeUrl)} resources");
        }
    }

    private static PushContext EmptyContext() => new()
    {
        Sequence = 0,
        Config = ConfigSnapshot.Empty,
        Registry = RegistrySnapshot.Empty,
        VirtualServices = VirtualServiceIndex.Build(ConfigSnapshot.Empty),
        DestinationRules = DestinationRuleIndex.Build(ConfigSnapshot.Empty),
        Changes = ChangeSet.Everything,
        Request = PushRequest.ForFull("empty"),
        BuiltAt = DateTimeOffset.UnixEpoch,
    };

    private sealed record State(PushContext Context, CacheGeneration<Dependency> Cache);
}
