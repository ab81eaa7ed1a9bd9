using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Istiod.Net.Config.Model;
using Istiod.Net.Config.Store;
using Istiod.Net.Diagnostics;
using Istiod.Net.Push;
using Istiod.Net.Registry;
using Istiod.Net.Xds.Cache;
using Istiod.Net.Xds.Generation;
using Istiod.Net.Xds.Protocol;
using Istiod.Net.Xds.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Istiod.Net.Tests.Infrastructure;

/// <summary>
/// A provider over configs given in code: push contexts are built and handed over synchronously (no
/// debounce), pushes are recorded, and typed accessors unpack generated resources.
/// </summary>
public sealed class GenerationHarness : IDisposable
{
    private readonly PushContextBuilder _builder;
    private PushContext? _context;
    private long _configVersion;

    /// <param name="rules">The checker every generated resource passes (the real one when null).</param>
    /// <param name="logger">Where the provider logs (nowhere when null).</param>
    /// <param name="cacheCapacity">Most entries the xDS cache holds (its default when null).</param>
    public GenerationHarness(IEnumerable<ConfigObject> configs, GeneratorTable? table = null, IProtoRulesChecker? rules = null, ILogger<XdsResourceProvider>? logger = null, PushOptions? options = null, int? cacheCapacity = null)
    {
        Configs = configs.ToDictionary(c => c.Key);
        _builder = new PushContextBuilder([new ServiceEntryRegistrySource()], options ?? new PushOptions(), TimeProvider.System);
        Provider = new XdsResourceProvider(table ?? GeneratorTable.Default(), cacheCapacity is { } capacity ? new XdsResourceCache<Dependency>(capacity) : new XdsResourceCache<Dependency>(), Metrics, logger ?? NullLogger<XdsResourceProvider>.Instance, rules);
        Provider.Pushed += Pushes.Add;
        Rebuild(PushRequest.ForFull("initial"));
    }

    public Dictionary<ConfigKey, ConfigObject> Configs { get; }

    public XdsResourceProvider Provider { get; }

    /// <summary>The metrics the provider records into.</summary>
    public IstiodMetrics Metrics { get; } = new();

    public List<XdsPush> Pushes { get; } = [];

    public PushContext Context => _context!;

    /// <summary>Adds or replaces configs and deletes keys, as one config change, then builds the next context.</summary>
    public PushContext Change(IEnumerable<ConfigObject> upserts, IEnumerable<ConfigKey>? deletes = null)
    {
        var keys = new HashSet<ConfigKey>();
        foreach (var config in upserts)
        {
            Configs[config.Key] = config;
            keys.Add(config.Key);
        }

        foreach (var key in deletes ?? [])
        {
            Configs.Remove(key);
            keys.Add(key);
        }

        return Rebuild(PushRequest.ForConfig(keys));
    }

    public PushContext Change(params ConfigObject[] upserts) => Change(upserts, null);

    public Proxy Connect(
        string ns, string ip = "10.0.0.1", string kind = "sidecar", bool proxyless = true, string? nodeId = null,
        IReadOnlyDictionary<string, string>? labels = null)
    {
        var node = new Node { Id = nodeId ?? $"{kind}~{ip}~client-{Guid.NewGuid():N}.{ns}~{ns}.svc.cluster.local", Metadata = new Struct() };
        if (proxyless)
        {
            node.Metadata.Fields["GENERATOR"] = Value.ForString("grpc");
        }

        if (labels is not null)
        {
            var fields = new Struct();
            foreach (var (key, value) in labels)
            {
                fields.Fields[key] = Value.ForString(value);
            }

            node.Metadata.Fields["LABELS"] = Value.ForStruct(fields);
        }

        return (Proxy)Provider.Connect(node, Connection());
    }

    /// <summary>
    /// A stock Envoy (no GENERATOR metadata) with the workload labels and locality its node would carry, and
    /// any further string metadata (e.g. INTERCEPTION_MODE).
    /// </summary>
    public Proxy ConnectEnvoy(
        string ns, string ip = "10.0.0.1", string kind = "sidecar",
        IReadOnlyDictionary<string, string>? labels = null, string? locality = null, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var node = new Node { Id = $"{kind}~{ip}~envoy-{Guid.NewGuid():N}.{ns}~{ns}.svc.cluster.local", Metadata = new Struct() };
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
        {
            node.Metadata.Fields[key] = Value.ForString(value);
        }

        if (labels is { Count: > 0 })
        {
            var fields = new Struct();
            foreach (var (key, value) in labels)
            {
                fields.Fields[key] = Value.ForString(value);
            }

            node.Metadata.Fields["LABELS"] = Value.ForStruct(fields);
        }

        if (locality is not null)
        {
            var parts = locality.Split('/');
            node.Locality = new Locality
            {
                Region = parts.ElementAtOrDefault(0) ?? "",
                Zone = parts.ElementAtOrDefault(1) ?? "",
                SubZone = parts.ElementAtOrDefault(2) ?? "",
            };
        }

        return (Proxy)Provider.Connect(node, Connection());
    }

    public static XdsConnectionInfo Connection() =>
        new($"conn-{Guid.NewGuid():N}", null, 15010, false, null, new Dictionary<string, string>());

    public XdsGeneration Generate(Proxy proxy, string typeUrl, params string[] names) =>
        Provider.Generate(proxy, typeUrl, names.Length == 0 ? null : names.ToHashSet());

    public T? One<T>(Proxy proxy, string typeUrl, string name) where T : class, IMessage<T>, new()
    {
        var generated = Generate(proxy, typeUrl, name);
        return generated.Resources.SingleOrDefault(r => r.Name == name)?.Resource.Unpack<T>();
    }

    public Listener? Listener(Proxy proxy, string name) => One<Listener>(proxy, XdsTypeUrls.Listener, name);

    /// <summary>Every listener a wildcard LDS subscription gets.</summary>
    public IReadOnlyList<Listener> Listeners(Proxy proxy) =>
        Generate(proxy, XdsTypeUrls.Listener).Resources.Select(r => r.Resource.Unpack<Listener>()).ToList();
    public RouteConfiguration? Routes(Proxy proxy, string name) => One<RouteConfiguration>(proxy, XdsTypeUrls.Route, name);
    public Cluster? Cluster(Proxy proxy, string name) => One<Cluster>(proxy, XdsTypeUrls.Cluster, name);
    public ClusterLoadAssignment? Endpoints(Proxy proxy, string name) => One<ClusterLoadAssignment>(proxy, XdsTypeUrls.Endpoint, name);

    public void Dispose() => Metrics.Dispose();

    private PushContext Rebuild(PushRequest request)
    {
        var snapshot = new ConfigSnapshot(++_configVersion, Configs.Values);
        _context = _builder.Build(snapshot, request, _context);
        Provider.OnPushContext(_context);
        return _context;
    }
}
