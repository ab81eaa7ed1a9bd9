using Envoy.Config.Route.V3;
using Istiod.Net.Config.Model;
using Istiod.Net.Tests.Infrastructure;
using static Istiod.Net.Tests.Infrastructure.MeshConfigs;

namespace Istiod.Net.Tests.Xds.Generation.Routes;

/// <summary>
/// A root VirtualService delegating to one without hosts means the same to every client: proxyless gRPC
/// and the Envoy sidecar translate the same merged rules (the push context's index expands delegates once).
/// </summary>
public sealed class DelegateRouteTests
{
    private const string Host = "reviews.bookinfo.svc.cluster.local";
    private const string Name = Host + ":9080";
    private const string Ratings = "ratings.team.svc.cluster.local";

    private static IEnumerable<ConfigObject> Mesh(params HttpRoute[] delegated) =>
    [
        StaticService("bookinfo", "reviews", "reviews", [9080], Endpoint("10.0.0.1")),
        StaticService("team", "ratings", Ratings, [9080], Endpoint("10.0.0.2")),
        VirtualService("bookinfo", "root", new VirtualServiceSpec
        {
            Hosts = ["reviews"],
            Http =
            [
                new HttpRoute
                {
                    Name = "api",
                    Match = [new HttpMatchRequest { Uri = new StringMatch { Prefix = "/reviews.Reviews/" } }],
                    Timeout = "5s",
                    Delegate = new Istiod.Net.Config.Model.Delegate { Name = "reviews-routes", Namespace = "team" },
                },
                new HttpRoute { Name = "rest", Route = [new HttpRouteDestination { Destination = new Destination { Host = "reviews", Subset = "v1" } }] },
            ],
        }),
        Delegated(delegated),
    ];

    private static ConfigObject Delegated(params HttpRoute[] http) =>
        VirtualService("team", "reviews-routes", new VirtualServiceSpec { Http = http });

    private static HttpRoute To(string name, string subset, StringMatch? uri = null, string? timeout = null) => new()
    {
        Name = name,
        Match = uri is null ? null : [new HttpMatchRequest { Uri = uri }],
        Timeout = timeout,
        // A short host resolves in the delegate's namespace, not the root's.
        Route = [new HttpRouteDestination { Destination = new Destination { Host = "ratings", Subset = subset } }],
    };

    private static readonly HttpRoute[] Rules =
    [
        To("get", "v2", new StringMatch { Exact = "/reviews.Reviews/Get" }),
        To("outside", "outside", new StringMatch { Prefix = "/other" }),
        To("all", "v3", timeout: "1s"),
    ];

    private static (RouteConfiguration Proxyless, RouteConfiguration Sidecar) Both(GenerationHarness harness) =>
        (harness.Routes(harness.Connect("bookinfo"), Name)!, harness.Routes(harness.ConnectEnvoy("bookinfo"), "9080")!);

    private static (string? Cluster, TimeSpan? Timeout) Outcome(RouteConfiguration routes, string path)
    {
        var outcome = RouteTableSimulator.Simulate(routes, Name, path);
        return (outcome?.Route.Route_?.Cluster, outcome?.Route.Route_?.Timeout?.ToTimeSpan());
    }

    [Test]
    public void ProxylessAndSidecarClientsRouteTheDelegatesRulesUnderTheRootsMatch()
    {
        using var harness = new GenerationHarness(Mesh(Rules));
        var (proxyless, sidecar) = Both(harness);

        foreach (var (client, routes) in new[] { ("proxyless", proxyless), ("sidecar", sidecar) })
        {
            Assert.Multiple(() =>
            {
                Assert.That(Outcome(routes, "/reviews.Reviews/Get"), Is.EqualTo(((string?)$"outbound|9080|v2|{Ratings}", (TimeSpan?)TimeSpan.FromSeconds(5))),
                    $"{client}: the delegate's match under the root's, the root's timeout filling in");
                Assert.That(Outcome(routes, "/reviews.Reviews/List"), Is.EqualTo(((string?)$"outbound|9080|v3|{Ratings}", (TimeSpan?)TimeSpan.FromSeconds(1))),
                    $"{client}: a delegate rule without a match takes the root's; its own timeout wins");
                Assert.That(Outcome(routes, "/other").Cluster, Is.EqualTo($"outbound|9080|v1|{Host}"),
                    $"{client}: a delegate match outside the root's prefix is dropped");
            });
        }
    }

    [Test]
    public void ProxylessRoutesFollowAChangeOfTheDelegate()
    {
        using var harness = new GenerationHarness(Mesh(Rules));
        var proxy = harness.Connect("bookinfo");
        Assert.That(Outcome(harness.Routes(proxy, Name)!, "/reviews.Reviews/Get").Cluster, Is.EqualTo($"outbound|9080|v2|{Ratings}"));

        harness.Pushes.Clear();
        harness.Change(Delegated(To("get", "v4", new StringMatch { Exact = "/reviews.Reviews/Get" })));

        Assert.That(harness.Pushes.Any(p => p.MayChange(Istiod.Net.Xds.Protocol.XdsTypeUrls.Route) && (p.Affects?.Invoke(proxy) ?? true)), Is.True,
            "a delegate has no hosts: its change reaches every reader of VirtualServices");
        Assert.That(Outcome(harness.Routes(proxy, Name)!, "/reviews.Reviews/Get").Cluster, Is.EqualTo($"outbound|9080|v4|{Ratings}"));
    }
}
