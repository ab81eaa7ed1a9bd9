using Envoy.Config.Route.V3;
using Envoy.Type.Matcher.V3;
using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Xds.Generation;
using Istiod.Net.Xds.Protocol;
using static Istiod.Net.Tests.Infrastructure.SimulatedRequest;

namespace Istiod.Net.Tests.Xds.Generation.Routes;

/// <summary>
/// Requests through a sidecar's outbound route configuration (RDS <c>&lt;port&gt;</c>), one case per
/// VirtualService feature, in the style of Istio's sidecar simulation tests.
/// </summary>
public sealed class SidecarRouteSimulationTests
{
    private const string Reviews = "reviews.default.svc.cluster.local";

    internal static string Service(string name, string ns, uint port = 9080, string vip = "10.10.0.1", string protocol = "HTTP", string extraPorts = "") => $$"""
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata: {name: {{name}}, namespace: {{ns}}}
        spec:
          hosts: [{{name}}.{{ns}}.svc.cluster.local]
          addresses: [{{vip}}]
          ports:
          - {number: {{port}}, name: http, protocol: {{protocol}} }
          {{extraPorts}}
          location: MESH_INTERNAL
          resolution: STATIC
          endpoints:
          - {address: 10.20.0.1, labels: {version: v1} }
          - {address: 10.20.0.2, labels: {version: v2} }
        """;

    internal static string VirtualService(string name, string ns, string body, string? created = null) => $$"""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: {{name}}, namespace: {{ns}}{{(created is null ? "" : $", creationTimestamp: \"{created}\"")}}}
        spec:
        {{Indent(body)}}
        """;

    internal static string Indent(string body) => string.Join("\n", body.Split('\n').Select(l => "  " + l));

    private static string Cluster(string subset = "", uint port = 9080, string host = Reviews) => $"outbound|{port}|{subset}|{host}";

    [Test]
    public void AServiceWithoutVirtualServiceGetsItsNamesAndADefaultRouteWithIstioDefaults()
    {
        using var mesh = new EnvoyRouteHarness(Service("reviews", "default"));
        var local = mesh.Sidecar("default");
        var routes = mesh.Routes(local, "9080")!;

        var host = routes.VirtualHosts.Single(v => v.Name == $"{Reviews}:9080");
        Assert.That(host.Domains, Is.EquivalentTo(new[]
        {
            Reviews, $"{Reviews}:9080", "reviews.default.svc", "reviews.default.svc:9080", "reviews.default", "reviews.default:9080",
            "reviews", "reviews:9080", "10.10.0.1", "10.10.0.1:9080",
        }));

        var decision = RouteTableSimulator.Decide(routes, To("reviews:9080", "/api"));
        Assert.Multiple(() =>
        {
            Assert.That(decision.Kind, Is.EqualTo(RouteDecisionKind.Forward));
            Assert.That(decision.Cluster, Is.EqualTo(Cluster()));
            Assert.That(decision.Timeout, Is.EqualTo(TimeSpan.Zero), "Istio turns Envoy's 15s default off");
            Assert.That(decision.Retry!.NumRetries, Is.EqualTo(2));
            Assert.That(decision.Retry.RetryOn, Is.EqualTo("connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes"));
            Assert.That(decision.Retry.RetriableStatusCodes, Is.EqualTo(new[] { 503u }));
            Assert.That(decision.Retry.RetryHostPredicate.Single().Name, Is.EqualTo("envoy.retry_host_predicates.previous_hosts"));
        });

        // From another namespace the bare name is not the service's.
        var remote = mesh.Routes(mesh.Sidecar("other"), "9080")!;
        Assert.That(RouteTableSimulator.Decide(remote, To("reviews.default:9080")).Cluster, Is.EqualTo(Cluster()));
        Assert.That(RouteTableSimulator.Decide(remote, To("reviews:9080")).Cluster, Is.EqualTo("PassthroughCluster"));
    }

    [Test]
    public void UnknownHostsPassThroughUnderAllowAnyAndGet502UnderRegistryOnly()
    {
        const string registryOnly = """
            apiVersion: networking.istio.io/v1
            kind: Sidecar
            metadata: {name: default, namespace: locked}
            spec:
              outboundTrafficPolicy: {mode: REGISTRY_ONLY}
            """;
        using var mesh = new EnvoyRouteHarness(Service("reviews", "default"), registryOnly);

        var open = mesh.Send(mesh.Sidecar("default"), "9080", To("example.org:9080"));
        Assert.That(open.VirtualHost!.Name, Is.EqualTo("allow_any"));
        Assert.That(open.Cluster, Is.EqualTo("PassthroughCluster"));

        var locked = mesh.Send(mesh.Sidecar("locked"), "9080", To("example.org:9080"));
        Assert.That(locked.VirtualHost!.Name, Is.EqualTo("block_all"));
        Assert.That(locked.Kind, Is.EqualTo(RouteDecisionKind.DirectResponse));
        Assert.That(locked.Status, Is.EqualTo(502));
        Assert.That(mesh.Send(mesh.Sidecar("locked"), "9080", To("reviews.default:9080")).Cluster, Is.EqualTo(Cluster()));
    }

    [Test]
    public void MatchesOnUriMethodSchemeAuthorityHeadersQueryAndPortChooseTheFirstMatchingRule()
    {
        using var mesh = new EnvoyRouteHarness(Service("reviews", "default"), VirtualService("reviews", "default", """
            hosts: [reviews]
            http:
            - name: exact
              match: [{uri: {exact: /exact}}]
              route: [{destination: {host: reviews, subset: exact}}]
            - name: regex
              match: [{uri: {regex: "/items/[0-9]+"}}]
              route: [{destination: {host: reviews, subset: regex}}]
            - name: nocase
              match: [{uri: {prefix: /CaSe}, ignoreUriCase: true}]
              route: [{destination: {host: reviews, subset: nocase}}]
            - name: method
              match: [{method: {exact: DELETE}}]
              route: [{destination: {host: reviews, subset: method}}]
            - name: scheme
              match: [{scheme: {exact: https}}]
              route: [{destination: {host: reviews, subset: scheme}}]
            - name: authority
              match: [{authority: {prefix: reviews.default}}]
              route: [{destination: {host: reviews, subset: authority}}]
            - name: headers
              match: [{headers: {x-exact: {exact: a}, x-prefix: {prefix: pre}, x-regex: {regex: "v[0-9]"}}}]
              route: [{destination: {host: reviews, subset: headers}}]
            - name: present
              match: [{headers: {x-present: {}}}]
              route: [{destination: {host: reviews, subset: present}}]
            - name: without
              match: [{uri: {prefix: /without}, withoutHeaders: {x-user: {exact: admin}}}]
              route: [{destination: {host: reviews, subset: without}}]
            - name: query
              match: [{queryParams: {debug: {exact: "1"}, id: {regex: "[a-z]+"}}}]
              route: [{destination: {host: reviews, subset: query}}]
            - name: other-port
              match: [{port: 9081}]
              route: [{destination: {host: reviews, subset: port}}]
            - name: rest
              route: [{destination: {host: reviews, subset: rest}}]
            """));
        var proxy = mesh.Sidecar("default");

        string Subset(SimulatedRequest request) => mesh.Send(proxy, "9080", request).Cluster!.Split('|')[2];

        Assert.Multiple(() =>
        {
            Assert.That(Subset(To("reviews:9080", "/exact")), Is.EqualTo("exact"));
            Assert.That(Subset(To("reviews:9080", "/exact/more")), Is.EqualTo("rest"));
            Assert.That(Subset(To("reviews:9080", "/items/42")), Is.EqualTo("regex"));
            Assert.That(Subset(To("reviews:9080", "/items/x42")), Is.EqualTo("rest"));
            Assert.That(Subset(To("reviews:9080", "/case/x")), Is.EqualTo("nocase"));
            Assert.That(Subset(To("reviews:9080") with { Method = "DELETE" }), Is.EqualTo("method"));
            Assert.That(Subset(To("reviews:9080") with { Scheme = "https" }), Is.EqualTo("scheme"));
            Assert.That(Subset(To("reviews.default.svc:9080")), Is.EqualTo("authority"));
            Assert.That(Subset(To("reviews:9080").With("x-exact", "a").With("x-prefix", "prefix").With("x-regex", "v2")), Is.EqualTo("headers"));
            Assert.That(Subset(To("reviews:9080").With("x-exact", "a").With("x-prefix", "prefix").With("x-regex", "vv")), Is.EqualTo("rest"));
            Assert.That(Subset(To("reviews:9080").With("x-present", "")), Is.EqualTo("present"));
            Assert.That(Subset(To("reviews:9080", "/without")), Is.EqualTo("without"));
            Assert.That(Subset(To("reviews:9080", "/without").With("x-user", "admin")), Is.EqualTo("rest"));
            Assert.That(Subset(To("reviews:9080", "/q?debug=1&id=abc")), Is.EqualTo("query"));
            Assert.That(Subset(To("reviews:9080", "/q?debug=1&id=123")), Is.EqualTo("rest"));
        });

        // A match for another port is not part of the port 9080 configuration at all.
        Assert.That(mesh.Routes(proxy, "9080")!.VirtualHosts.SelectMany(v => v.Routes).Select(r => r.Name), Does.Not.Contain("other-port"));
    }

    [Test]
    public void SourceLabelsAndSourceNamespaceDecideByTheProxyTheRoutesAreFor()
    {
        using var mesh = new EnvoyRouteHarness(Service("reviews", "default"), VirtualService("reviews", "default", """
            hosts: [reviews.default.svc.cluster.local]
            http:
            - name: from-productpage
              match: [{sourceLabels: {app: productpage, version: v1}}]
              route: [{destination: {host: reviews, subset: v2}}]
            - name: from-team
              match: [{sourceNamespace: team}]
              route: [{destination: {host: reviews, subset: v3}}]
            - route: [{destination: {host: reviews, subset: v1}}]
            """));

        string Subset(Proxy proxy) => mesh.Send(proxy, "9080", To("reviews.default:9080")).Cluster!.Split('|')[2];

        Assert.Multiple(() =>
        {
            Assert.That(Subset(mesh.Sidecar("default", ("app", "productpage"), ("version", "v1"))), Is.EqualTo("v2"));
            Assert.That(Subset(mesh.Sidecar("default", ("app", "productpage"), ("version", "v2"))), Is.EqualTo("v1"));
            Assert.That(Subset(mesh.Sidecar("team", ("app", "productpage"))), Is.EqualTo("v3"));
            Assert.That(Subset(mesh.Sidecar("other")), Is.EqualTo("v1"));
        });
    }

    [Test]
    public void WeightedSubsetsSplitByWeightWithPerDestinationHeaders()
    {
        using var mesh = new EnvoyRouteHarness(Service("reviews", "default", extraPorts: "- {number: 9090, name: http-admin, protocol: HTTP}"), VirtualService("reviews", "default", """
            hosts: [reviews]
            http:
            - route:
              - destination: {host: reviews, subset: v1, port: {number: 9080}}
                weight: 75
                headers: {request: {set: {x-version: v1}}, response: {add: {x-served-by: v1}}}
              - destination: {host: reviews, subset: v2, port: {number: 9090}}
                weight: 25
                headers: {request: {set: {x-version: v2}}}
            """));
        var proxy = mesh.Sidecar("default");

        var first = mesh.Send(proxy, "9080", To("reviews:9080").With("x-version", "old"), pick: 0);
        var second = mesh.Send(proxy, "9080", To("reviews:9080"), pick: 1);
        Assert.Multiple(() =>
        {
            Assert.That(first.Clusters, Is.EqualTo(new[] { (Cluster("v1"), 75u), (Cluster("v2", 9090), 25u) }));
            Assert.That(first.UpstreamHeaders["x-version"], Is.EqualTo(new[] { "v1" }));
            Assert.That(first.ResponseHeadersAdded["x-served-by"], Is.EqualTo(new[] { "v1" }));
            Assert.That(second.Cluster, Is.EqualTo(Cluster("v2", 9090)));
            Assert.That(second.UpstreamHeaders["x-version"], Is.EqualTo(new[] { "v2" }));
            Assert.That(second.ResponseHeadersAdded.ContainsKey("x-served-by"), Is.False);
        });
    }

    [Test]
    public void RedirectsAndDirectResponsesAnswerWithoutUpstream()
    {
        using var mesh = new EnvoyRouteHarness(Service("reviews", "default"), VirtualService("reviews", "default", """
            hosts: [reviews]
            http:
            - match: [{uri: {exact: /old}}]
              redirect: {uri: /new, authority: new.example.com, scheme: https, port: 8443, redirectCode: 308}
            - match: [{uri: {exact: /same-port}}]
              redirect: {uri: /moved, derivePort: FROM_REQUEST_PORT}
            - match: [{uri: {exact: /gone}}]
              directResponse: {status: 410, body: {string: "gone for good"}}
            - match: [{uri: {exact: /bytes}}]
              directResponse: {status: 200, body: {bytes: "aGVsbG8="}}
              headers: {response: {set: {content-type: text/plain}}}
            """));
        var proxy = mesh.Sidecar("default");

        var redirect = mesh.Send(proxy, "9080", To("reviews:9080", "/old?x=1"));
        var samePort = mesh.Send(proxy, "9080", To("reviews", "/same-port"));
        var gone = mesh.Send(proxy, "9080", To("reviews:9080", "/gone"));
        var bytes = mesh.Send(proxy, "9080", To("reviews:9080", "/bytes"));
        Assert.Multiple(() =>
        {
            Assert.That(redirect.Kind, Is.EqualTo(RouteDecisionKind.Redirect));
            Assert.That(redirect.Status, Is.EqualTo(308));
            Assert.That(redirect.Location, Is.EqualTo("https://new.example.com:8443/new?x=1"));
            Assert.That(samePort.Location, Is.EqualTo("http://reviews:9080/moved"));
            Assert.That(samePort.Status, Is.EqualTo(301));
            Assert.That(gone.Kind, Is.EqualTo(RouteDecisionKind.DirectResponse));
            Assert.That((gone.Status, gone.Body), Is.EqualTo((410u, "gone for good")));
            Assert.That((bytes.Status, bytes.Body), Is.EqualTo((200u, "hello")));
            Assert.That(bytes.ResponseHeadersAdded["content-type"], Is.EqualTo(new[] { "text/plain" }));
        });
    }

    [Test]
    public void RewritesChangeThePathAndAuthoritySentUpstream()
    {
        using var mesh = new EnvoyRouteHarness(Service("reviews", "default"), VirtualService("reviews", "default", """
            hosts: [reviews]
            http:
            - match: [{uri: {prefix: /v1/}}]
              rewrite: {uri: /api/, authority: backend.internal}
              route: [{destination: {host: reviews}}]
            - match: [{uri: {prefix: /users}}]
              rewrite: {uriRegexRewrite: {match: "^/users/([0-9]+)/profile$", rewrite: "/profiles/\\1"}}
              route: [{destination: {host: reviews}}]
            - match: [{uri: {regex: "/legacy/.*"}}]
              rewrite: {uri: /modern}
              route: [{destination: {host: reviews}}]
            - match: [{uri: {prefix: /by-header}}]
              headers: {request: {set: {host: header.internal}}}
              route: [{destination: {host: reviews}}]
            """));
        var proxy = mesh.Sidecar("default");

        var prefix = mesh.Send(proxy, "9080", To("reviews:9080", "/v1/items?page=2"));
        var regex = mesh.Send(proxy, "9080", To("reviews:9080", "/users/42/profile"));
        var legacy = mesh.Send(proxy, "9080", To("reviews:9080", "/legacy/a/b"));
        var byHeader = mesh.Send(proxy, "9080", To("reviews:9080", "/by-header"));
        Assert.Multiple(() =>
        {
            Assert.That((prefix.UpstreamPath, prefix.UpstreamAuthority), Is.EqualTo(("/api/items?page=2", "backend.internal")));
            Assert.That(regex.UpstreamPath, Is.EqualTo("/profiles/42"));
            Assert.That(legacy.UpstreamPath, Is.EqualTo("/modern"));
            Assert.That(byHeader.UpstreamAuthority, Is.EqualTo("header.internal"));
        });
    }

    [Test]
    public void TimeoutsAndRetriesFollowTheRule()
    {
        using var mesh = new EnvoyRouteHarness(Service("reviews", "default"), VirtualService("reviews", "default", """
            hosts: [reviews]
            http:
            - match: [{uri: {prefix: /slow}}]
              timeout: 3s
              retries: {attempts: 4, perTryTimeout: 500ms, retryOn: "gateway-error,502,unavailable,deadline-exceeded", retryRemoteLocalities: true}
              route: [{destination: {host: reviews}}]
            - match: [{uri: {prefix: /once}}]
              timeout: 0s
              retries: {attempts: 0}
              route: [{destination: {host: reviews}}]
            - match: [{uri: {prefix: /plain}}]
              retries: {attempts: 3}
              route: [{destination: {host: reviews}}]
            """));
        var proxy = mesh.Sidecar("default");

        var slow = mesh.Send(proxy, "9080", To("reviews:9080", "/slow"));
        var once = mesh.Send(proxy, "9080", To("reviews:9080", "/once"));
        var plain = mesh.Send(proxy, "9080", To("reviews:9080", "/plain"));
        Assert.Multiple(() =>
        {
            Assert.That(slow.Timeout, Is.EqualTo(TimeSpan.FromSeconds(3)));
            Assert.That(slow.Retry!.NumRetries, Is.EqualTo(4));
            Assert.That(slow.Retry.PerTryTimeout.ToTimeSpan(), Is.EqualTo(TimeSpan.FromMilliseconds(500)));
            Assert.That(slow.Retry.RetryOn, Is.EqualTo("gateway-error,unavailable,deadline-exceeded,retriable-status-codes"));
            Assert.That(slow.Retry.RetriableStatusCodes, Is.EqualTo(new[] { 502u }));
            Assert.That(slow.Retry.RetryPriority.Name, Is.EqualTo("envoy.retry_priorities.previous_priorities"));
            Assert.That(once.Timeout, Is.EqualTo(TimeSpan.Zero));
            Assert.That(once.Retry, Is.Null);
            Assert.That(plain.Retry!.NumRetries, Is.EqualTo(3));
            Assert.That(plain.Retry.RetryOn, Is.EqualTo("connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes"));
            Assert.That(plain.Retry.RetryPriority, Is.Null);
        });
    }

    [Test]
    public void FaultsMirrorsAndCorsRideOnTheRoute()
    {
        using var mesh = new EnvoyRouteHarness(Service("reviews", "default"), Service("shadow", "default", vip: "10.10.0.2"), VirtualService("reviews", "default", """
            hosts: [reviews]
            http:
            - match: [{uri: {prefix: /faulty}}]
              fault:
                delay: {fixedDelay: 2s, percentage: {value: 10}}
                abort: {httpStatus: 503, percentage: {value: 0.5}}
              route: [{destination: {host: reviews}}]
            - match: [{uri: {prefix: /grpc-fault}}]
              fault: {abort: {grpcStatus: UNAVAILABLE, percentage: {value: 100}}}
              route: [{destination: {host: reviews}}]
            - match: [{uri: {prefix: /mirrored}}]
              mirror: {host: shadow}
              mirrorPercentage: {value: 25}
              route: [{destination: {host: reviews}}]
            - match: [{uri: {prefix: /mirrors}}]
              mirrors:
              - destination: {host: shadow, subset: v1}
                percentage: {value: 50}
              - destination: {host: shadow, subset: v2}
              route: [{destination: {host: reviews}}]
            - corsPolicy:
                allowOrigins: [{exact: "https://a.example.com"}, {regex: "https://.*\\.b\\.example\\.com"}]
                allowMethods: [GET, POST]
                allowHeaders: [x-a, x-b]
                exposeHeaders: [x-c]
                maxAge: 24h
                allowCredentials: true
              route: [{destination: {host: reviews}}]
            """));
        var proxy = mesh.Sidecar("default");

        var faulty = mesh.Send(proxy, "9080", To("reviews:9080", "/faulty"));
        var grpcFault = mesh.Send(proxy, "9080", To("reviews:9080", "/grpc-fault"));
        var mirrored = mesh.Send(proxy, "9080", To("reviews:9080", "/mirrored"));
        var mirrors = mesh.Send(proxy, "9080", To("reviews:9080", "/mirrors"));
        var cors = mesh.Send(proxy, "9080", To("reviews:9080", "/other")).Cors!;
        Assert.Multiple(() =>
        {
            Assert.That(faulty.Fault!.Delay.FixedDelay.ToTimeSpan(), Is.EqualTo(TimeSpan.FromSeconds(2)));
            Assert.That(faulty.Fault.Delay.Percentage.Numerator, Is.EqualTo(100_000));
            Assert.That(faulty.Fault.Abort.HttpStatus, Is.EqualTo(503));
            Assert.That(faulty.Fault.Abort.Percentage.Numerator, Is.EqualTo(5_000));
            Assert.That(grpcFault.Fault!.Abort.GrpcStatus, Is.EqualTo(14));
            Assert.That(faulty.Cors, Is.Null);
            Assert.That(mirrored.Mirrors, Is.EqualTo(new[] { ("outbound|9080||shadow.default.svc.cluster.local", 25.0) }));
            Assert.That(mirrors.Mirrors, Is.EqualTo(new[]
            {
                ("outbound|9080|v1|shadow.default.svc.cluster.local", 50.0), ("outbound|9080|v2|shadow.default.svc.cluster.local", 100.0),
            }));
            Assert.That(cors.AllowOriginStringMatch.Select(m => m.MatchPatternCase == StringMatcher.MatchPatternOneofCase.Exact ? m.Exact : m.SafeRegex.Regex), Is.EqualTo(new[] { "https://a.example.com", @"https://.*\.b\.example\.com" }));
            Assert.That(cors.AllowMethods, Is.EqualTo("GET,POST"));
            Assert.That(cors.AllowHeaders, Is.EqualTo("x-a,x-b"));
            Assert.That(cors.ExposeHeaders, Is.EqualTo("x-c"));
            Assert.That(cors.MaxAge, Is.EqualTo("86400"));
            Assert.That(cors.AllowCredentials, Is.True);
        });
    }

    [Test]
    public void HeaderOperationsSetAddAndRemoveOnRequestAndResponse()
    {
        using var mesh = new EnvoyRouteHarness(Service("reviews", "default"), VirtualService("reviews", "default", """
            hosts: [reviews]
            http:
            - headers:
                request: {set: {x-env: prod}, add: {x-trace: mesh}, remove: [x-secret]}
                response: {set: {cache-control: no-store}, add: {x-hop: sidecar}, remove: [server]}
              route: [{destination: {host: reviews}}]
            """));

        var decision = mesh.Send(mesh.Sidecar("default"), "9080",
            To("reviews:9080").With("x-env", "dev").With("x-trace", "client").With("x-secret", "s3cr3t"));
        Assert.Multiple(() =>
        {
            Assert.That(decision.UpstreamHeaders["x-env"], Is.EqualTo(new[] { "prod" }));
            Assert.That(decision.UpstreamHeaders["x-trace"], Is.EqualTo(new[] { "client", "mesh" }));
            Assert.That(decision.UpstreamHeaders.ContainsKey("x-secret"), Is.False);
            Assert.That(decision.ResponseHeadersAdded["cache-control"], Is.EqualTo(new[] { "no-store" }));
            Assert.That(decision.ResponseHeadersAdded["x-hop"], Is.EqualTo(new[] { "sidecar" }));
            Assert.That(decision.ResponseHeadersRemoved, Does.Contain("server"));
        });
    }

    [Test]
    public void ConsistentHashFromTheDestinationRuleBecomesRouteHashPolicies()
    {
        static string Rule(string host, string hash) => $$"""
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata: {name: {{host}}, namespace: default}
            spec:
              host: {{host}}
              trafficPolicy:
                loadBalancer:
                  consistentHash: {{hash}}
            """;
        using var mesh = new EnvoyRouteHarness(
            Service("header", "default", vip: "10.10.0.3"), Service("cookie", "default", vip: "10.10.0.4"),
            Service("source", "default", vip: "10.10.0.5"), Service("query", "default", vip: "10.10.0.6"),
            Rule("header", "{httpHeaderName: X-User}"),
            Rule("cookie", "{httpCookie: {name: session, path: /, ttl: 60s}}"),
            Rule("source", "{useSourceIp: true}"),
            Rule("query", "{httpQueryParameterName: shard}"));
        var proxy = mesh.Sidecar("default");

        RouteAction.Types.HashPolicy Hash(string service) => mesh.Send(proxy, "9080", To($"{service}:9080")).HashPolicies.Single();

        Assert.Multiple(() =>
        {
            Assert.That(Hash("header").Header.HeaderName, Is.EqualTo("x-user"));
            Assert.That(Hash("cookie").Cookie.Name, Is.EqualTo("session"));
            Assert.That(Hash("cookie").Cookie.Ttl.ToTimeSpan(), Is.EqualTo(TimeSpan.FromSeconds(60)));
            Assert.That(Hash("cookie").Cookie.Path, Is.EqualTo("/"));
            Assert.That(Hash("source").ConnectionProperties.SourceIp, Is.True);
            Assert.That(Hash("query").QueryParameter.Name, Is.EqualTo("shard"));
        });
    }

    [Test]
    public void OfTwoMeshVirtualServicesForOneHostTheProxysNamespaceThenTheOldestWins()
    {
        using var mesh = new EnvoyRouteHarness(
            Service("reviews", "default"),
            VirtualService("first", "team-a", "hosts: [reviews.default.svc.cluster.local]\nhttp:\n- route: [{destination: {host: reviews.default.svc.cluster.local, subset: a}}]", "2026-01-01T00:00:00Z"),
            VirtualService("second", "team-b", "hosts: [reviews.default.svc.cluster.local]\nhttp:\n- route: [{destination: {host: reviews.default.svc.cluster.local, subset: b}}]", "2026-01-02T00:00:00Z"));

        Assert.That(mesh.Send(mesh.Sidecar("default"), "9080", To("reviews.default:9080")).Cluster, Is.EqualTo(Cluster("a")));
        Assert.That(mesh.Send(mesh.Sidecar("team-b"), "9080", To("reviews.default:9080")).Cluster, Is.EqualTo(Cluster("b")));
    }

    [Test]
    public void ExportToHidesAVirtualServiceFromOtherNamespaces()
    {
        using var mesh = new EnvoyRouteHarness(Service("reviews", "default"), VirtualService("reviews", "default", """
            hosts: [reviews]
            exportTo: ["."]
            http:
            - route: [{destination: {host: reviews, subset: v2}}]
            """));

        Assert.That(mesh.Send(mesh.Sidecar("default"), "9080", To("reviews:9080")).Cluster, Is.EqualTo(Cluster("v2")));
        var other = mesh.Send(mesh.Sidecar("other"), "9080", To("reviews.default:9080"));
        Assert.That(other.Cluster, Is.EqualTo(Cluster()));
        Assert.That(other.RouteName, Is.EqualTo("default"));
    }

    [Test]
    public void ADelegateVirtualServiceSuppliesTheRulesUnderTheRootsMatch()
    {
        using var mesh = new EnvoyRouteHarness(
            Service("reviews", "default"),
            Service("ratings", "team", vip: "10.10.0.9"),
            VirtualService("root", "default", """
                hosts: [reviews]
                http:
                - name: api
                  match: [{uri: {prefix: /api}}]
                  timeout: 5s
                  delegate: {name: ratings-routes, namespace: team}
                - route: [{destination: {host: reviews}}]
                """),
            VirtualService("ratings-routes", "team", """
                http:
                - name: v2
                  match: [{uri: {prefix: /api/v2}, headers: {x-canary: {exact: "yes"}}}]
                  route: [{destination: {host: ratings, subset: v2}}]
                - name: outside
                  match: [{uri: {prefix: /other}}]
                  route: [{destination: {host: ratings, subset: outside}}]
                - name: rest
                  timeout: 1s
                  route: [{destination: {host: ratings, subset: v1}}]
                """));
        var proxy = mesh.Sidecar("default");

        var canary = mesh.Send(proxy, "9080", To("reviews:9080", "/api/v2/x").With("x-canary", "yes"));
        var rest = mesh.Send(proxy, "9080", To("reviews:9080", "/api/v2/x"));
        var outside = mesh.Send(proxy, "9080", To("reviews:9080", "/other"));
        Assert.Multiple(() =>
        {
            Assert.That(canary.Cluster, Is.EqualTo("outbound|9080|v2|ratings.team.svc.cluster.local"));
            Assert.That(canary.Timeout, Is.EqualTo(TimeSpan.FromSeconds(5)), "the root's timeout fills in");
            Assert.That(rest.Cluster, Is.EqualTo("outbound|9080|v1|ratings.team.svc.cluster.local"));
            Assert.That(rest.Timeout, Is.EqualTo(TimeSpan.FromSeconds(1)), "the delegate's own timeout wins");
            Assert.That(outside.Cluster, Is.EqualTo(Cluster()), "a delegate match outside the root's prefix is dropped");
        });
    }

    [Test]
    public void VirtualServiceHostsThatAreNoServicesGetVirtualHostsOfTheirOwn()
    {
        using var mesh = new EnvoyRouteHarness(Service("reviews", "default"), VirtualService("external", "default", """
            hosts: [api.example.com, "*.wild.example.com"]
            http:
            - route: [{destination: {host: reviews, port: {number: 9080}}}]
            """));
        var proxy = mesh.Sidecar("default");

        Assert.Multiple(() =>
        {
            Assert.That(mesh.Send(proxy, "9080", To("api.example.com")).Cluster, Is.EqualTo(Cluster()));
            Assert.That(mesh.Send(proxy, "9080", To("a.wild.example.com:9080")).Cluster, Is.EqualTo(Cluster()));
            Assert.That(mesh.Send(proxy, "9080", To("wild.example.com")).Cluster, Is.EqualTo("PassthroughCluster"));
        });
    }

    [Test]
    public void MatchesForGatewaysOnlyAreLeftOutOfSidecars()
    {
        using var mesh = new EnvoyRouteHarness(Service("reviews", "default"), VirtualService("reviews", "default", """
            hosts: [reviews]
            gateways: [mesh, istio-system/ingress]
            http:
            - match: [{gateways: [istio-system/ingress]}]
              route: [{destination: {host: reviews, subset: edge}}]
            - route: [{destination: {host: reviews, subset: inside}}]
            """));

        Assert.That(mesh.Send(mesh.Sidecar("default"), "9080", To("reviews:9080")).Cluster, Is.EqualTo(Cluster("inside")));
    }

    [Test]
    public void ChangesToVirtualServicesDestinationRulesAndDelegatesPushTheRoutes()
    {
        using var mesh = new EnvoyRouteHarness(Service("reviews", "default"), VirtualService("root", "default", """
            hosts: [reviews]
            http:
            - delegate: {name: child}
            """));
        var proxy = mesh.Sidecar("default");
        Assert.That(mesh.Send(proxy, "9080", To("reviews:9080")).Kind, Is.EqualTo(RouteDecisionKind.NoRoute));

        mesh.Harness.Pushes.Clear();
        mesh.Change(VirtualService("child", "default", "http:\n- route: [{destination: {host: reviews, subset: v1}}]"));
        Assert.That(mesh.Harness.Pushes.Any(p => p.MayChange(XdsTypeUrls.Route) && (p.Affects?.Invoke(proxy) ?? true)), Is.True);
        Assert.That(mesh.Send(proxy, "9080", To("reviews:9080")).Cluster, Is.EqualTo(Cluster("v1")));

        mesh.Harness.Pushes.Clear();
        mesh.Change("""
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata: {name: reviews, namespace: default}
            spec:
              host: reviews
              trafficPolicy: {loadBalancer: {consistentHash: {useSourceIp: true}}}
            """);
        Assert.That(mesh.Harness.Pushes.Any(p => p.MayChange(XdsTypeUrls.Route) && (p.Affects?.Invoke(proxy) ?? true)), Is.True);
        Assert.That(mesh.Send(proxy, "9080", To("reviews:9080")).HashPolicies.Single().ConnectionProperties.SourceIp, Is.True);
    }
}
