using Envoy.Config.Listener.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Google.Protobuf.WellKnownTypes;
using Istiod.Net.Config.Model;
using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Xds.Generation;
using Istiod.Net.Xds.Protocol;
using static Istiod.Net.Tests.Infrastructure.MeshConfigs;
using FaultAbort = Istiod.Net.Config.Model.FaultAbort;
using Percent = Istiod.Net.Config.Model.Percent;
using ServicePort = Istiod.Net.Config.Model.ServicePort;

namespace Istiod.Net.Tests.Xds.Generation;

/// <summary>
/// Everything the generators produce for a rich mesh goes through grpc-js-xds 1.14's own decoders: a
/// resource the real client would NACK fails here.
/// </summary>
public sealed class GrpcJsAcceptanceTests
{
    private static ConfigObject[] RichMesh() =>
    [
        ServiceEntry("shop", "cart", new ServiceEntrySpec
        {
            Hosts = ["cart"],
            Ports = [new ServicePort { Number = 7070, Name = "grpc", TargetPort = 17070 }, new ServicePort { Number = 7071, Name = "grpc-admin" }],
            Resolution = ServiceEntryResolution.Static,
            Location = ServiceEntryLocation.MeshInternal,
            Endpoints =
            [
                new WorkloadEntrySpec { Address = "10.0.0.1", Labels = Labels(("version", "v1")), Locality = "eu/a/1", Weight = 3 },
                new WorkloadEntrySpec { Address = "10.0.0.2", Labels = Labels(("version", "v2")), Locality = "eu/b" },
                new WorkloadEntrySpec { Address = "fd00::3", Labels = Labels(("version", "v2")) },
                new WorkloadEntrySpec { Address = "10.0.0.1", Labels = Labels(("version", "v1")), Locality = "eu/a/1" },
                new WorkloadEntrySpec { Address = "db.internal", Labels = Labels(("version", "v1")) },
            ],
        }),
        DestinationRule("shop", "cart", new DestinationRuleSpec
        {
            Host = "cart",
            TrafficPolicy = new TrafficPolicy
            {
                LoadBalancer = new LoadBalancerSettings { Simple = SimpleLb.LeastRequest },
                ConnectionPool = new ConnectionPoolSettings { Http = new HttpSettings { Http2MaxRequests = 10 } },
            },
            Subsets =
            [
                new Subset { Name = "v1", Labels = Labels(("version", "v1")) },
                new Subset { Name = "v2", Labels = Labels(("version", "v2")), TrafficPolicy = new TrafficPolicy { LoadBalancer = new LoadBalancerSettings { ConsistentHash = new ConsistentHashLb { HttpHeaderName = "x-user", Maglev = new MagLevSettings { TableSize = 65537 } } } } },
            ],
        }),
        VirtualService("shop", "cart", new VirtualServiceSpec
        {
            Hosts = ["cart"],
            Http =
            [
                new HttpRoute { Name = "redirect", Redirect = new HttpRedirect { Uri = "/x" } },
                new HttpRoute
                {
                    Name = "canary",
                    Match = [new HttpMatchRequest { Headers = new Dictionary<string, StringMatch> { ["x-canary"] = new() { Regex = "yes|true" } }, WithoutHeaders = new Dictionary<string, StringMatch> { ["x-block"] = new() } }],
                    Route = [new HttpRouteDestination { Destination = new Destination { Host = "cart", Subset = "v2" } }],
                    Timeout = "1.5s",
                    Retries = new HttpRetry { Attempts = 2, RetryOn = "unavailable,5xx", PerTryTimeout = "300ms" },
                },
                new HttpRoute
                {
                    Name = "split",
                    Match = [new HttpMatchRequest { Uri = new StringMatch { Prefix = "/shop.Cart/" }, IgnoreUriCase = true }],
                    Route =
                    [
                        new HttpRouteDestination { Destination = new Destination { Host = "cart", Subset = "v1" }, Weight = 2 },
                        new HttpRouteDestination { Destination = new Destination { Host = "cart", Subset = "v2" }, Weight = 1 },
                    ],
                    Fault = new HttpFaultInjection
                    {
                        Delay = new FaultDelay { FixedDelay = "100ms", Percentage = new Percent { Value = 0.5 } },
                        Abort = new FaultAbort { GrpcStatus = "RESOURCE_EXHAUSTED", Percentage = new Percent { Value = 1 } },
                    },
                },
                new HttpRoute { Route = [new HttpRouteDestination { Destination = new Destination { Host = "cart", Subset = "v1" } }] },
            ],
        }),
        StaticService("shop", "plain", "plain", [9000], Endpoint("10.0.1.1")),
    ];

    [Test]
    public async Task GrpcJsAcceptsEveryGeneratedResource()
    {
        using var harness = new GenerationHarness(RichMesh());
        var proxy = harness.Connect("shop");
        var listeners = harness.Generate(proxy, XdsTypeUrls.Listener).Resources;
        var routes = harness.Generate(proxy, XdsTypeUrls.Route, [.. listeners.Select(l => l.Name)]).Resources;
        var clusters = harness.Generate(proxy, XdsTypeUrls.Cluster).Resources;
        var endpoints = harness.Generate(proxy, XdsTypeUrls.Endpoint, [.. clusters.Select(c => c.Name)]).Resources;
        var all = listeners.Concat(routes).Concat(clusters).Concat(endpoints).ToList();
        Assert.That(all, Has.Count.EqualTo(3 + 3 + 7 + 7), "3 host:ports; cart's 2 ports x (default, v1, v2) and plain's one cluster, each with its assignment");

        var verdicts = await GrpcJsResourceValidator.ValidateAsync(all);

        Assert.That(verdicts.Where(v => v.Error is not null).Select(v => $"{v.Name}: {v.Error}"), Is.Empty);
        Assert.That(verdicts.Select(v => v.Name), Is.EqualTo(all.Select(r => r.Name)));
    }

    [Test]
    public async Task GrpcJsAcceptsServerListenersAndTlsClusters()
    {
        var strict = Object("PeerAuthentication", "shop", "strict", new PeerAuthenticationSpec
        {
            Selector = new MatchLabelsSelector { MatchLabels = Labels(("app", "cart")) },
            Mtls = new PeerAuthenticationMtls { Mode = MutualTlsMode.Strict },
        });
        var mesh = Labels(("app", "cart"), ("security.istio.io/tlsMode", "istio"));
        var outlier = DestinationRule("shop", "cart", new DestinationRuleSpec
        {
            Host = "cart",
            TrafficPolicy = new TrafficPolicy { OutlierDetection = new OutlierDetection { Consecutive5xxErrors = 3, Interval = "1s" } },
        });
        using var harness = new GenerationHarness(
        [
            StaticService("shop", "cart", "cart", [7070], new WorkloadEntrySpec { Address = "10.0.0.1", Labels = mesh, ServiceAccount = "cart" }),
            StaticService("shop", "vault", "vault", [7070], Endpoint("10.0.0.2")),
            DestinationRule("shop", "vault", new DestinationRuleSpec { Host = "vault", TrafficPolicy = new TrafficPolicy { Tls = new ClientTlsSettings { Mode = ClientTlsMode.Simple, SubjectAltNames = ["vault.example.com"] } } }),
            strict,
            outlier,
        ]);
        var server = harness.Connect("shop", labels: Labels(("app", "cart")));
        var permissiveServer = harness.Connect("shop", labels: Labels(("app", "other")));
        var resources = new List<Istiod.Net.Xds.Protocol.XdsResource>();
        resources.AddRange(harness.Generate(server, XdsTypeUrls.Listener, "xds.istio.io/grpc/lds/inbound/0.0.0.0:7070").Resources);
        resources.AddRange(harness.Generate(permissiveServer, XdsTypeUrls.Listener, "grpc/server?xds.resource.listening_address=[::]:7070").Resources);
        resources.AddRange(harness.Generate(server, XdsTypeUrls.Cluster, "outbound|7070||cart.shop.svc.cluster.local", "outbound|7070||vault.shop.svc.cluster.local").Resources);
        Assert.That(resources, Has.Count.EqualTo(4));
        Assert.That(resources.Select(r => r.Resource.Value.Length), Has.All.GreaterThan(0));

        var verdicts = await GrpcJsResourceValidator.ValidateAsync(resources);

        Assert.That(verdicts.Where(v => v.Error is not null).Select(v => $"{v.Name}: {v.Error}"), Is.Empty);
        Assert.That(verdicts.Select(v => v.Name), Is.EqualTo(resources.Select(r => r.Name)));
    }

    [Test]
    public async Task TheValidatorRejectsWhatGrpcJsRejects()
    {
        // Guards the guard: a listener whose router filter is missing must come back with an error.
        var manager = new HttpConnectionManager { Rds = new Rds { RouteConfigName = "x", ConfigSource = new() { Ads = new() } } };
        manager.HttpFilters.Add(new HttpFilter { Name = HttpFilterNames.Fault, TypedConfig = Any.Pack(new Envoy.Extensions.Filters.Http.Fault.V3.HTTPFault()) });
        var listener = Any.Pack(new Listener { Name = "bad:1", ApiListener = new ApiListener { ApiListener_ = Any.Pack(manager) } });

        var verdict = (await GrpcJsResourceValidator.ValidateAsync([new XdsResource("bad:1", listener, "v")])).Single();

        Assert.That(verdict.Error, Does.Contain("final filter"));
    }
}
