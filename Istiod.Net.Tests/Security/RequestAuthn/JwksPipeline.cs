using System.Threading.Channels;
using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Envoy.Config.Listener.V3;
using Istiod.Net.Config.Model;
using Istiod.Net.Config.Parsing;
using Istiod.Net.Diagnostics;
using Istiod.Net.Hosting;
using Istiod.Net.Push;
using Istiod.Net.Registry;
using Istiod.Net.Security.RequestAuthn;
using Istiod.Net.Tests.Config.Sources.File;
using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Xds.Cache;
using Istiod.Net.Xds.Generation;
using Istiod.Net.Xds.Generation.Listeners;
using Istiod.Net.Xds.Protocol;
using Microsoft.Extensions.Logging.Abstractions;
using static Istiod.Net.Tests.Infrastructure.MeshConfigs;
using ModelServicePort = Istiod.Net.Config.Model.ServicePort;

namespace Istiod.Net.Tests.Security.RequestAuthn;

/// <summary>
/// The control plane's JWKS path as the host wires it, minus the sockets to proxies: config store → push
/// coordinator (real debounce) → resource provider with its cache → listeners, and beside it the resolver
/// (fetching over real HTTP), the refresher and the push hook. A sidecar of httpbin (10.0.0.1, HTTP port
/// 8000) is connected; the test decides when the refresher runs and moves the resolver's clock.
/// </summary>
internal sealed class JwksPipeline : IDisposable
{
    public const string Namespace = "default";

    private readonly HttpClient _http = new();
    private readonly IstiodMetrics _metrics = new();
    private readonly JwksPushes _pushHook;

    public JwksPipeline(JwksResolverOptions? options = null, JwksRefresherOptions? refresherOptions = null, TimeProvider? resolverClock = null)
    {
        Store = new FakeConfigStore(ServiceEntry(Namespace, "httpbin", new ServiceEntrySpec
        {
            Hosts = ["httpbin.default.svc.cluster.local"],
            Addresses = ["10.96.0.20"],
            Ports = [new ModelServicePort { Number = 8000, Name = "http", Protocol = "HTTP" }],
            Resolution = ServiceEntryResolution.Static,
            Location = ServiceEntryLocation.MeshInternal,
            Endpoints = [Endpoint("10.0.0.1")],
        }));
        Resolver = new JwksResolver(_http, options, resolverClock, ResolverLog);
        var pushOptions = new PushOptions { DebounceQuiet = TimeSpan.FromMilliseconds(10) };
        Provider = new XdsResourceProvider(
            GeneratorTable.Default(authorization: new PolicyAuthorizationFilters(Resolver)),
            new XdsResourceCache<Dependency>(), _metrics, NullLogger<XdsResourceProvider>.Instance);
        Provider.Pushed += push => Pushes.Writer.TryWrite(push);
        Coordinator = new PushCoordinator(
            Store, new PushContextBuilder([new ServiceEntryRegistrySource()], pushOptions, TimeProvider.System), Provider, pushOptions,
            TimeProvider.System, _metrics, NullLogger<PushCoordinator>.Instance);
        _pushHook = new JwksPushes(Resolver, Store, Coordinator, NullLogger<JwksPushes>.Instance);
        Refresher = new JwksRefresher(Store, Resolver, refresherOptions, logger: RefresherLog);
        Coordinator.Start();
        Pushes.Reader.TryRead(out _); // the initial push
        Sidecar = (Proxy)Provider.Connect(new Node { Id = "sidecar~10.0.0.1~httpbin-1.default~default.svc.cluster.local" }, GenerationHarness.Connection());
    }

    public FakeConfigStore Store { get; }

    public JwksResolver Resolver { get; }

    public RecordingLogger<JwksResolver> ResolverLog { get; } = new();

    public RecordingLogger<JwksRefresher> RefresherLog { get; } = new();

    public JwksRefresher Refresher { get; }

    public XdsResourceProvider Provider { get; }

    public PushCoordinator Coordinator { get; }

    public Proxy Sidecar { get; }

    /// <summary>Every push the provider raised after the initial one, in order.</summary>
    public Channel<XdsPush> Pushes { get; } = Channel.CreateUnbounded<XdsPush>();

    /// <summary>What a wildcard LDS request of the sidecar gets now (from the cache when nothing invalidated it).</summary>
    public IReadOnlyList<Listener> Listeners() =>
        Provider.Generate(Sidecar, XdsTypeUrls.Listener, null).Resources.Select(r => r.Resource.Unpack<Listener>()).ToList();

    public IReadOnlyList<Cluster> Clusters() =>
        Provider.Generate(Sidecar, XdsTypeUrls.Cluster, null).Resources.Select(r => r.Resource.Unpack<Cluster>()).ToList();

    /// <summary>The next push for the given reason, skipping others.</summary>
    public async Task<XdsPush> NextPushAsync(string reason, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            var push = await Pushes.Reader.ReadAsync(cancel.Token);
            if (push.Reason.Split(',').Contains(reason))
            {
                return push;
            }
        }
    }

    /// <summary>Adds a RequestAuthentication for the namespace (no selector) with one rule: the issuer and its jwksUri.</summary>
    public ConfigObject RequireJwt(string issuer, string jwksUri, string name = "jwt")
    {
        var config = new ConfigParser().ParseYaml($$"""
            apiVersion: security.istio.io/v1
            kind: RequestAuthentication
            metadata: {name: {{name}}, namespace: {{Namespace}}}
            spec:
              jwtRules: [{issuer: "{{issuer}}", jwksUri: "{{jwksUri}}"}]
            """, "test.yaml").Single();
        Assert.That(config.Errors, Is.Empty);
        Store.Apply(config.Config!);
        return config.Config!;
    }

    public void Dispose()
    {
        _pushHook.Dispose();
        Refresher.Dispose();
        Coordinator.Dispose();
        _metrics.Dispose();
        _http.Dispose();
    }
}
