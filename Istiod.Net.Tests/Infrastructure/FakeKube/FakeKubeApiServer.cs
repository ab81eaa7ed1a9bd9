using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Istiod.Net.Kube;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Istiod.Net.Tests.Infrastructure.FakeKube;

/// <summary>
/// An in-process Kubernetes API server on 127.0.0.1 (real Kestrel, real sockets) that speaks the list/watch wire
/// protocol for any resource, with the faults a real cluster shows: compaction (410 Gone), dropped watches,
/// slow answers, injected errors and restarts that lose every watch. Objects survive restarts, as etcd's do.
/// </summary>
public sealed class FakeKubeApiServer : IAsyncDisposable
{
    private static readonly Dictionary<string, string> KnownKinds = new(StringComparer.Ordinal)
    {
        ["services"] = "Service", ["pods"] = "Pod", ["namespaces"] = "Namespace", ["nodes"] = "Node",
        ["secrets"] = "Secret", ["configmaps"] = "ConfigMap", ["endpointslices"] = "EndpointSlice",
        ["leases"] = "Lease", ["virtualservices"] = "VirtualService", ["destinationrules"] = "DestinationRule",
        ["gateways"] = "Gateway", ["serviceentries"] = "ServiceEntry", ["sidecars"] = "Sidecar",
        ["workloadentries"] = "WorkloadEntry", ["workloadgroups"] = "WorkloadGroup", ["envoyfilters"] = "EnvoyFilter",
        ["proxyconfigs"] = "ProxyConfig", ["authorizationpolicies"] = "AuthorizationPolicy",
        ["peerauthentications"] = "PeerAuthentication", ["requestauthentications"] = "RequestAuthentication",
        ["telemetries"] = "Telemetry", ["wasmplugins"] = "WasmPlugin",
        ["validatingwebhookconfigurations"] = "ValidatingWebhookConfiguration",
        ["mutatingwebhookconfigurations"] = "MutatingWebhookConfiguration",
    };

    private readonly FakeKubeApiServerOptions _options;
    private readonly FakeKubeEndpoints _endpoints;
    private readonly ConcurrentQueue<FakeKubeRequest> _requests = new();
    private readonly ConcurrentDictionary<string, FakeTokenIdentity> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<FakeAccessRule> _grants = [];
    private readonly ConcurrentQueue<JsonObject> _accessReviews = new();
    private readonly CancellationTokenSource _disposed = new();
    private WebApplication? _app;
    private CancellationTokenSource _stopping = new();
    private Task? _bookmarks;
    private int _port;

    private FakeKubeApiServer(FakeKubeApiServerOptions options)
    {
        _options = options;
        _endpoints = new FakeKubeEndpoints(this);
    }

    public FakeKubeStore Store { get; } = new();

    public Uri BaseAddress => new($"{(_options.ServerCertificate is null ? "http" : "https")}://127.0.0.1:{_port}");

    /// <summary>Delay before every answer (watches included); set above the client's timeout to make it time out.</summary>
    public TimeSpan ResponseDelay { get; set; }

    /// <summary>Answer a too-old watch version with HTTP 410 instead of an ERROR event in a 200 stream.</summary>
    public bool GoneAsHttpStatus { get; set; }

    /// <summary>Return an HTTP status to fail the request with, or null to serve it.</summary>
    public Func<FakeKubeRequest, int?>? FailWith { get; set; }

    /// <summary>
    /// Which collections exist: a resource for which this returns false answers 404 on every path, as an API
    /// server does for a CRD (or a version of one) that is not installed. Null serves everything.
    /// </summary>
    public Func<FakeResource, bool>? Serves { get; set; }

    /// <summary>
    /// The admission webhooks of the fake cluster: called for every create (dry run or not) with the resource and the
    /// object; a non-null answer denies the request with that message, as a validating webhook's refusal does.
    /// </summary>
    public Func<FakeResource, JsonObject, string?>? Admit { get; set; }

    /// <summary>Write every watch event in two chunks with a flush between, so clients must join split lines.</summary>
    public bool SplitWatchEvents { get; set; }

    /// <summary>When set, every request must carry this bearer token.</summary>
    public string? RequiredToken { get; set; }

    public IReadOnlyList<FakeKubeRequest> Requests => _requests.ToArray();

    public int OpenWatches => Store.WatcherCount;

    public static async Task<FakeKubeApiServer> StartAsync(FakeKubeApiServerOptions? options = null)
    {
        var server = new FakeKubeApiServer(options ?? new FakeKubeApiServerOptions());
        await server.StartAppAsync();
        if (server._options.BookmarkInterval is { } every)
        {
            server._bookmarks = server.BookmarkLoopAsync(every);
        }

        return server;
    }

    /// <summary>Connection settings for a client of this server (plain HTTP, or HTTPS trusting <paramref name="ca"/>).</summary>
    public KubeClusterConfig ClientConfig(X509Certificate2? ca = null, X509Certificate2? clientCertificate = null, string? token = null, bool insecureSkipTlsVerify = false) =>
        KubeClusterConfig.ForServer(
            BaseAddress,
            token,
            ca is null ? null : new X509Certificate2Collection(ca),
            clientCertificate,
            insecureSkipTlsVerify,
            "fake API server");

    /// <summary>
    /// What the fake SubjectAccessReview endpoint allows: called with the review's spec (user, groups,
    /// resourceAttributes); null denies everything, as an API server without a matching RBAC rule does.
    /// </summary>
    public Func<JsonObject, bool>? Authorize { get; set; }

    public static FakeResource ResourceOf(KubeResourceType type) => new(type.Group, type.Version, type.Plural);

    public JsonObject Create(KubeResourceType type, JsonObject obj) =>
        Store.Create(ResourceOf(type), type.Kind, type.Namespaced ? KubeObjects.Namespace(obj) : null, obj);

    public JsonObject Patch(KubeResourceType type, string? @namespace, string name, JsonObject patch) =>
        Store.Patch(ResourceOf(type), @namespace, name, patch);

    public JsonObject Delete(KubeResourceType type, string? @namespace, string name) =>
        Store.Delete(ResourceOf(type), @namespace, name);

    public JsonObject? Get(KubeResourceType type, string? @namespace, string name) => Store.Get(ResourceOf(type), @namespace, name);

    public IReadOnlyDictionary<string, JsonObject> Objects(KubeResourceType type) => Store.Objects(ResourceOf(type));

    public void AddToken(string token, FakeTokenIdentity identity) => _tokens[token] = identity;

    /// <summary>Grants what a SubjectAccessReview then allows; anything not granted is denied.</summary>
    public void Allow(FakeAccessRule rule) => _grants.Add(rule);

    /// <summary>Every SubjectAccessReview received, as sent.</summary>
    public IReadOnlyList<JsonObject> AccessReviews => _accessReviews.ToArray();

    /// <summary>Breaks every open watch connection mid-stream.</summary>
    public void DropWatches()
    {
        foreach (var w in Store.Watchers())
        {
            w.Abort?.Invoke();
        }
    }

    /// <summary>Stops listening (every connection is lost), then listens again on the same port.</summary>
    public async Task RestartAsync(bool compact = false)
    {
        await StopAppAsync();
        if (compact)
        {
            Store.Compact();
        }

        await StartAppAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _disposed.CancelAsync();
        if (_bookmarks is not null)
        {
            await _bookmarks;
        }

        await StopAppAsync();
        _disposed.Dispose();
        _stopping.Dispose();
    }

    internal void Recorded(FakeKubeRequest request)
    {
        _requests.Enqueue(request);
        while (_requests.Count > 10_000 && _requests.TryDequeue(out _))
        {
        }
    }

    internal string KindOf(FakeResource resource)
    {
        if (KnownKinds.TryGetValue(resource.Plural, out var kind))
        {
            return kind;
        }

        var singular = resource.Plural.EndsWith('s') ? resource.Plural[..^1] : resource.Plural;
        return char.ToUpperInvariant(singular[0]) + singular[1..];
    }

    /// <summary>
    /// A SubjectAccessReview: allowed when <see cref="Authorize"/> says so or a granted rule matches user,
    /// namespace, verb, resource and name. Every review is recorded for the tests to read.
    /// </summary>
    internal JsonObject ReviewAccess(JsonObject body)
    {
        _accessReviews.Enqueue((JsonObject)body.DeepClone());
        var spec = body["spec"] as JsonObject ?? new JsonObject();
        var user = spec["user"]?.GetValue<string>();
        var attributes = spec["resourceAttributes"] as JsonObject;
        string? Attribute(string key) => attributes?[key]?.GetValue<string>();
        var granted = user is not null && attributes is not null && _grants.Any(g =>
            g.User == user && g.Namespace == Attribute("namespace") && g.Verb == Attribute("verb") && g.Resource == Attribute("resource")
            && (g.Name is null || g.Name == Attribute("name")));
        var allowed = granted || Authorize?.Invoke(spec) == true;
        body["status"] = allowed
            ? new JsonObject { ["allowed"] = true, ["reason"] = "granted by the fake's rules" }
            : new JsonObject { ["allowed"] = false, ["reason"] = "no RBAC rule matched" };
        return body;
    }

    internal JsonObject Review(JsonObject body)
    {
        var spec = body["spec"] as JsonObject;
        var token = spec?["token"]?.GetValue<string>() ?? "";
        var asked = (spec?["audiences"] as JsonArray)?.Select(a => a!.GetValue<string>()).ToArray() ?? [];
        var status = new JsonObject();
        if (!_tokens.TryGetValue(token, out var identity))
        {
            status["authenticated"] = false;
            status["error"] = "[invalid bearer token, token lookup failed]";
        }
        else
        {
            var granted = asked.Length == 0 ? identity.Audiences.ToArray() : asked.Intersect(identity.Audiences).ToArray();
            if (asked.Length > 0 && granted.Length == 0)
            {
                status["authenticated"] = false;
                status["error"] = "[invalid bearer token, token audiences is invalid]";
            }
            else
            {
                status["authenticated"] = true;
                status["user"] = new JsonObject
                {
                    ["username"] = identity.Username,
                    ["uid"] = identity.Uid,
                    ["groups"] = new JsonArray(identity.Groups.Select(g => (JsonNode?)g).ToArray()),
                };
                status["audiences"] = new JsonArray(granted.Select(a => (JsonNode?)a).ToArray());
            }
        }

        body["status"] = status;
        return body;
    }

    private async Task StartAppAsync()
    {
        _stopping = new CancellationTokenSource();
        var stopping = _stopping.Token;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, _port, listen =>
            {
                if (_options.ServerCertificate is { } cert)
                {
                    listen.UseHttps(https =>
                    {
                        https.ServerCertificate = cert;
                        if (_options.ClientCertificateAuthority is { } clientCa)
                        {
                            https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                            https.ClientCertificateValidation = (presented, _, _) => IssuedBy(presented, clientCa);
                        }
                    });
                }
            });
        });

        var app = builder.Build();
        app.Run(context => _endpoints.HandleAsync(context, stopping));
        await app.StartAsync();
        _app = app;
        if (_port == 0)
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
            _port = new Uri(addresses.First()).Port;
        }
    }

    private async Task StopAppAsync()
    {
        if (_app is null)
        {
            return;
        }

        // End the watches first: a graceful stop would otherwise wait for their timeouts.
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _app = null;
    }

    private async Task BookmarkLoopAsync(TimeSpan every)
    {
        try
        {
            while (!_disposed.IsCancellationRequested)
            {
                await Task.Delay(every, _disposed.Token);
                Store.Bookmark();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static bool IssuedBy(X509Certificate2 presented, X509Certificate2 ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(presented);
    }
}
