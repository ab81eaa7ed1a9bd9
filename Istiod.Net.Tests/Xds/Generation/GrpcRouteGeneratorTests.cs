using Envoy.Config.Route.V3;
using Envoy.Extensions.Filters.Http.Fault.V3;
using Envoy.Type.V3;
using Istiod.Net.Config.Model;
using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Xds.Generation.Routes;
using FaultAbort = Istiod.Net.Config.Model.FaultAbort;
using Percent = Istiod.Net.Config.Model.Percent;
using static Istiod.Net.Tests.Infrastructure.MeshConfigs;

namespace Istiod.Net.Tests.Xds.Generation;

public sealed class GrpcRouteGeneratorTests
{
    private const string Host = "reviews.bookinfo.svc.cluster.local";
    private const string Name = Host + ":9080";

    private static string Cluster(string subset, uint port = 9080) => $"outbound|{port}|{subset}|{Host}";

    private static Destination To(string subset) => new() { Host = "reviews", Subset = subset };

    private static ConfigObject Service() => StaticService("bookinfo", "reviews", "reviews", [9080, 9081], Endpoint("10.0.0.1"));

    private static ConfigObject Rules(params HttpRoute[] http) =>
        VirtualService("bookinfo", "reviews", new VirtualServiceSpec { Hosts = ["reviews"], Http = http });

    [Test]
    public void WithoutAVirtualServiceOneDefaultRouteGoesToTheServiceCluster()
    {
        using var harness = new GenerationHarness([Service()]);
        var routes = harness.Routes(harness.Connect("bookinfo"), Name)!;

        Assert.That(routes.Name, Is.EqualTo(Name));
        var virtualHost = routes.VirtualHosts.Single();
        Assert.That(virtualHost.Domains, Is.EquivalentTo(new[] { Host, Name }));
        var outcome = RouteTableSimulator.Simulate(routes, Name, "/reviews.Reviews/Get");
        Assert.That(outcome!.Clusters, Is.EqualTo(new[] { (Cluster(""), 1u) }));
        Assert.That(outcome.Route.Route_.RetryPolicy, Is.Null);
        Assert.That(outcome.Route.Route_.MaxStreamDuration, Is.Null);
    }

    [Test]
    public void RulesMatchInOrderOnHeadersPathsAndRegexes()
    {
        using var harness = new GenerationHarness(
        [
            Service(),
            Rules(
                new HttpRoute
                {
                    Name = "jason",
                    Match = [new HttpMatchRequest { Headers = new Dictionary<string, StringMatch> { ["End-User"] = new() { Exact = "jason" } } }],
                    Route = [new HttpRouteDestination { Destination = To("v2") }],
                },
                new HttpRoute
                {
                    Name = "streams",
                    Match = [new HttpMatchRequest { Uri = new StringMatch { Regex = @"/reviews\.Reviews/.*Stream" } }],
                    Route = [new HttpRouteDestination { Destination = To("v3") }],
                },
                new HttpRoute
                {
                    Name = "get",
                    Match =
                    [
                        new HttpMatchRequest { Uri = new StringMatch { Exact = "/reviews.Reviews/Get" } },
                        new HttpMatchRequest { Uri = new StringMatch { Prefix = "/reviews.Reviews/List" }, Headers = new Dictionary<string, StringMatch> { ["x-canary"] = new() } },
                    ],
                    Route = [new HttpRouteDestination { Destination = To("v1"), Weight = 75 }, new HttpRouteDestination { Destination = To("v3"), Weight = 25 }],
                },
                new HttpRoute { Name = "rest", Route = [new HttpRouteDestination { Destination = To("v1") }] }),
        ]);
        var routes = harness.Routes(harness.Connect("bookinfo"), Name)!;

        string RouteFor(string path, params (string, string)[] headers) =>
            RouteTableSimulator.Simulate(routes, Name, path, headers.ToDictionary(h => h.Item1, h => h.Item2))!.Route.Name;

        Assert.Multiple(() =>
        {
            Assert.That(RouteFor("/reviews.Reviews/Get", ("end-user", "jason")), Is.EqualTo("jason"));
            Assert.That(RouteFor("/reviews.Reviews/WatchStream"), Is.EqualTo("streams"));
            Assert.That(RouteFor("/reviews.Reviews/Get"), Is.EqualTo("get"));
            Assert.That(RouteFor("/reviews.Reviews/ListAll", ("x-canary", "1")), Is.EqualTo("get.1"));
            Assert.That(RouteFor("/reviews.Reviews/ListAll"), Is.EqualTo("rest"), "x-canary must be present");
            Assert.That(RouteFor("/reviews.Reviews/Delete"), Is.EqualTo("rest"));
        });

        var split = RouteTableSimulator.Simulate(routes, Name, "/reviews.Reviews/Get")!;
        Assert.That(split.Clusters, Is.EqualTo(new[] { (Cluster("v1"), 75u), (Cluster("v3"), 25u) }));
        Assert.That(RouteTableSimulator.Simulate(routes, Name, "/x", new Dictionary<string, string> { ["end-user"] = "jason" })!.Clusters,
            Is.EqualTo(new[] { (Cluster("v2"), 1u) }));

        var headerMatch = routes.VirtualHosts[0].Routes[0].Match.Headers.Single();
        // exact_match rather than string_match: gRPC C-core 1.51 rejects string_match in a header matcher.
#pragma warning disable CS0612
        Assert.That((headerMatch.Name, headerMatch.HeaderMatchSpecifierCase, headerMatch.ExactMatch),
            Is.EqualTo(("end-user", HeaderMatcher.HeaderMatchSpecifierOneofCase.ExactMatch, "jason")));
#pragma warning restore CS0612
        Assert.That(routes.VirtualHosts[0].Routes[1].Match.SafeRegex.Regex, Is.EqualTo(@"/reviews\.Reviews/.*Stream"));
    }

    [Test]
    public void TimeoutSetsMaxStreamDurationAndRetriesUseGrpcStatusNames()
    {
        using var harness = new GenerationHarness(
        [
            Service(),
            Rules(new HttpRoute
            {
                Timeout = "2.5s",
                Retries = new HttpRetry { Attempts = 3, PerTryTimeout = "500ms", RetryOn = "5xx,internal,connect-failure,retriable-4xx" },
                Route = [new HttpRouteDestination { Destination = To("") }],
            }),
        ]);
        var action = harness.Routes(harness.Connect("bookinfo"), Name)!.VirtualHosts[0].Routes.Single().Route_;

        Assert.Multiple(() =>
        {
            Assert.That(action.MaxStreamDuration.MaxStreamDuration_.ToTimeSpan(), Is.EqualTo(TimeSpan.FromMilliseconds(2500)));
            Assert.That(action.MaxStreamDuration.GrpcTimeoutHeaderMax.ToTimeSpan(), Is.EqualTo(TimeSpan.FromMilliseconds(2500)));
            Assert.That(action.Timeout.ToTimeSpan(), Is.EqualTo(TimeSpan.FromMilliseconds(2500)));
            Assert.That(action.RetryPolicy.RetryOn, Is.EqualTo("internal,unavailable"));
            Assert.That(action.RetryPolicy.NumRetries, Is.EqualTo(3));
            Assert.That(action.RetryPolicy.PerTryTimeout.ToTimeSpan(), Is.EqualTo(TimeSpan.FromMilliseconds(500)));
        });
    }

    [TestCase(null, "cancelled,unavailable")]
    [TestCase("cancelled,deadline-exceeded,resource-exhausted", "cancelled,deadline-exceeded,resource-exhausted")]
    [TestCase("retriable-4xx", "")]
    public void RetryOnTranslation(string? istio, string grpc) =>
        Assert.That(RetryPolicyTranslator.GrpcRetryOn(istio ?? RetryPolicyTranslator.IstioDefaultRetryOn), Is.EqualTo(grpc));

    [Test]
    public void ZeroAttemptsMeansNoRetryPolicy() =>
        Assert.That(RetryPolicyTranslator.Translate(new HttpRetry { Attempts = 0, RetryOn = "unavailable" }), Is.Null);

    [Test]
    public void FaultsBecomePerRouteFaultFilterConfig()
    {
        using var harness = new GenerationHarness(
        [
            Service(),
            Rules(new HttpRoute
            {
                Fault = new HttpFaultInjection
                {
                    Delay = new FaultDelay { FixedDelay = "5s", Percentage = new Percent { Value = 10 } },
                    Abort = new FaultAbort { GrpcStatus = "UNAVAILABLE", Percentage = new Percent { Value = 50.5 } },
                },
                Route = [new HttpRouteDestination { Destination = To("v1") }],
            },
            new HttpRoute
            {
                Match = [new HttpMatchRequest { Uri = new StringMatch { Prefix = "/http" } }],
                Fault = new HttpFaultInjection { Abort = new FaultAbort { HttpStatus = 503 } },
                Route = [new HttpRouteDestination { Destination = To("v1") }],
            }),
        ]);
        var routes = harness.Routes(harness.Connect("bookinfo"), Name)!.VirtualHosts[0].Routes;

        var fault = routes[0].TypedPerFilterConfig["envoy.filters.http.fault"].Unpack<HTTPFault>();
        Assert.Multiple(() =>
        {
            Assert.That(fault.Delay.FixedDelay.ToTimeSpan(), Is.EqualTo(TimeSpan.FromSeconds(5)));
            Assert.That((fault.Delay.Percentage.Numerator, fault.Delay.Percentage.Denominator),
                Is.EqualTo((100_000u, FractionalPercent.Types.DenominatorType.Million)));
            Assert.That(fault.Abort.GrpcStatus, Is.EqualTo(14));
            Assert.That(fault.Abort.Percentage.Numerator, Is.EqualTo(505_000));
        });

        var httpAbort = routes[1].TypedPerFilterConfig["envoy.filters.http.fault"].Unpack<HTTPFault>();
        Assert.That(httpAbort.Abort.HttpStatus, Is.EqualTo(503));
        Assert.That((httpAbort.Abort.Percentage.Numerator, httpAbort.Abort.Percentage.Denominator),
            Is.EqualTo((100u, FractionalPercent.Types.DenominatorType.Hundred)), "no percentage means every request");
        Assert.That(httpAbort.Delay, Is.Null);
    }

    [Test]
    public void ConsistentHashOnAHeaderBecomesARouteHashPolicy()
    {
        using var harness = new GenerationHarness(
        [
            Service(),
            DestinationRule("bookinfo", "reviews", new DestinationRuleSpec
            {
                Host = "reviews",
                TrafficPolicy = new TrafficPolicy { LoadBalancer = new LoadBalancerSettings { ConsistentHash = new ConsistentHashLb { HttpHeaderName = "X-User" } } },
                Subsets = [new Subset { Name = "v1", Labels = Labels(("version", "v1")), TrafficPolicy = new TrafficPolicy { LoadBalancer = new LoadBalancerSettings { ConsistentHash = new ConsistentHashLb { UseSourceIp = true } } } }],
            }),
        ]);
        var proxy = harness.Connect("bookinfo");

        var policy = harness.Routes(proxy, Name)!.VirtualHosts[0].Routes.Single().Route_.HashPolicy.Single();
        Assert.That(policy.Header.HeaderName, Is.EqualTo("x-user"));

        harness.Change(Rules(new HttpRoute { Route = [new HttpRouteDestination { Destination = To("v1") }] }));
        var subsetPolicy = harness.Routes(proxy, Name)!.VirtualHosts[0].Routes.Single().Route_.HashPolicy.Single();
        Assert.That(subsetPolicy.FilterState.Key, Is.EqualTo("io.grpc.channel_id"), "the subset's policy overrides the rule's");
    }

    [Test]
    public void RulesGrpcCannotFollowAreLeftOut()
    {
        using var harness = new GenerationHarness(
        [
            Service(),
            Rules(
                new HttpRoute { Name = "redirect", Redirect = new HttpRedirect { Uri = "/elsewhere" } },
                new HttpRoute { Name = "other-port", Match = [new HttpMatchRequest { Port = 9081 }], Route = [new HttpRouteDestination { Destination = To("v2") }] },
                new HttpRoute { Name = "labels", Match = [new HttpMatchRequest { SourceLabels = Labels(("app", "x")) }], Route = [new HttpRouteDestination { Destination = To("v2") }] },
                new HttpRoute { Name = "query", Match = [new HttpMatchRequest { QueryParams = new Dictionary<string, StringMatch> { ["a"] = new() { Exact = "b" } } }], Route = [new HttpRouteDestination { Destination = To("v2") }] },
                new HttpRoute { Name = "last", Route = [new HttpRouteDestination { Destination = To("v1") }] }),
        ]);
        var proxy = harness.Connect("bookinfo");

        Assert.That(harness.Routes(proxy, Name)!.VirtualHosts[0].Routes.Select(r => r.Name), Is.EqualTo(new[] { "last" }));
        Assert.That(harness.Routes(proxy, Host + ":9081")!.VirtualHosts[0].Routes.Select(r => r.Name), Is.EqualTo(new[] { "other-port", "last" }));
        var other = harness.Routes(proxy, Host + ":9081")!.VirtualHosts[0].Routes[0].Route_.Cluster;
        Assert.That(other, Is.EqualTo(Cluster("v2", 9081)), "a destination without a port takes the listener's port when the service has several");
    }

    [Test]
    public void VirtualServicesExportedElsewhereDoNotApply()
    {
        using var harness = new GenerationHarness(
        [
            Service(),
            VirtualService("bookinfo", "private", new VirtualServiceSpec
            {
                Hosts = ["reviews"],
                ExportTo = ["."],
                Http = [new HttpRoute { Name = "private", Route = [new HttpRouteDestination { Destination = To("v2") }] }],
            }),
        ]);

        Assert.That(harness.Routes(harness.Connect("bookinfo"), Name)!.VirtualHosts[0].Routes.Single().Name, Is.EqualTo("private"));
        Assert.That(harness.Routes(harness.Connect("frontend"), Name)!.VirtualHosts[0].Routes.Single().Name, Is.EqualTo("default"));
    }

    [TestCase(new[] { 75, 25 }, new uint[] { 75, 25 })]
    [TestCase(new[] { 1, 1, 1 }, new uint[] { 34, 33, 33 })]
    [TestCase(new[] { 0, 0 }, new uint[] { 50, 50 })]
    [TestCase(new[] { 3, 1 }, new uint[] { 75, 25 })]
    public void WeightsAreScaledToSumToOneHundred(int[] weights, uint[] expected) =>
        Assert.That(RouteWeights.Normalize(weights.Select(w => (int?)w).ToList()), Is.EqualTo(expected));

    [TestCase("UNAVAILABLE", 14u)]
    [TestCase("deadline_exceeded", 4u)]
    [TestCase("Resource-Exhausted", 8u)]
    [TestCase("13", 13u)]
    public void GrpcStatusesParseByNameOrNumber(string text, uint expected)
    {
        Assert.That(FaultTranslator.TryGrpcStatus(text, out var code), Is.True);
        Assert.That(code, Is.EqualTo(expected));
    }

    [TestCase("OK")]
    [TestCase("0")]
    [TestCase("17")]
    [TestCase("SOMETIMES")]
    public void NonErrorOrUnknownStatusesAreNotAborts(string text) =>
        Assert.That(FaultTranslator.TryGrpcStatus(text, out _), Is.False);
}
