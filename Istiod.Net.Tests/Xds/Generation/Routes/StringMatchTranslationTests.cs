using Envoy.Config.Route.V3;
using Istiod.Net.Config.Model;
using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Xds.Generation.Routes;
using static Istiod.Net.Tests.Infrastructure.MeshConfigs;

namespace Istiod.Net.Tests.Xds.Generation.Routes;

/// <summary>
/// A string match means the same to Envoy sidecars and proxyless gRPC: both translators read it through one
/// <see cref="StringMatchCondition"/>. Validation refuses an empty regex; config that reaches generation
/// anyway (built in code, or stored before the rule) must still give every client a route configuration.
/// </summary>
public sealed class StringMatchTranslationTests
{
    private const string Host = "reviews.bookinfo.svc.cluster.local";
    private const string Name = Host + ":9080";

    private static IEnumerable<ConfigObject> Mesh(HttpMatchRequest match) =>
    [
        StaticService("bookinfo", "reviews", "reviews", [9080], Endpoint("10.0.0.1")),
        VirtualService("bookinfo", "reviews", new VirtualServiceSpec
        {
            Hosts = ["reviews"],
            Http =
            [
                new HttpRoute { Name = "matched", Match = [match], Route = [new HttpRouteDestination { Destination = new Destination { Host = "reviews", Subset = "v2" } }] },
                new HttpRoute { Name = "rest", Route = [new HttpRouteDestination { Destination = new Destination { Host = "reviews", Subset = "v1" } }] },
            ],
        }),
    ];

    private static readonly HttpMatchRequest EmptyUriRegex = new() { Uri = new StringMatch { Regex = "" } };

    private static readonly HttpMatchRequest EmptyHeaderRegex = new()
    {
        Headers = new Dictionary<string, StringMatch> { ["x-user"] = new() { Regex = "" } },
    };

    private static IEnumerable<TestCaseData> EmptyRegexes()
    {
        yield return new TestCaseData(EmptyUriRegex, new Dictionary<string, string>(), "matched").SetName("EmptyUriRegexMatchesAnyPathForBothClients");
        yield return new TestCaseData(EmptyHeaderRegex, new Dictionary<string, string> { ["x-user"] = "anyone" }, "matched").SetName("EmptyHeaderRegexAsksForPresenceForBothClients");
        yield return new TestCaseData(EmptyHeaderRegex, new Dictionary<string, string>(), "rest").SetName("EmptyHeaderRegexIsNotMetWithoutTheHeaderForBothClients");
    }

    [TestCaseSource(nameof(EmptyRegexes))]
    public void AnEmptyRegexGivesBothClientsTheSameServedRoutes(HttpMatchRequest match, Dictionary<string, string> headers, string expected)
    {
        using var harness = new GenerationHarness(Mesh(match));
        // The harness checks every resource against Envoy's validate rules: an empty safe_regex fails them and
        // the route configuration is not served at all (null here).
        var proxyless = harness.Routes(harness.Connect("bookinfo"), Name);
        var sidecar = harness.Routes(harness.ConnectEnvoy("bookinfo"), "9080");

        Assert.That(proxyless, Is.Not.Null, "the proxyless route configuration is served");
        Assert.That(sidecar, Is.Not.Null, "the sidecar route configuration is served");
        Assert.Multiple(() =>
        {
            Assert.That(RouteTableSimulator.Simulate(proxyless!, Name, "/reviews.Reviews/Get", headers)!.Route.Name, Is.EqualTo(expected), "proxyless");
            Assert.That(RouteTableSimulator.Simulate(sidecar!, Name, "/reviews.Reviews/Get", headers)!.Route.Name, Is.EqualTo(expected), "sidecar");
        });
    }

    private static IEnumerable<StringMatch?> Uris() =>
    [
        null,
        new StringMatch(),
        new StringMatch { Exact = "/a" },
        new StringMatch { Exact = "" },
        new StringMatch { Prefix = "/a" },
        new StringMatch { Prefix = "" },
        new StringMatch { Regex = "/a.*" },
        new StringMatch { Regex = "" },
    ];

    [TestCaseSource(nameof(Uris))]
    public void BothTranslatorsGiveTheSamePathSpecifier(StringMatch? uri)
    {
        var match = new HttpMatchRequest { Uri = uri };
        var proxyless = RouteMatchTranslator.Translate(match, 9080, "bookinfo")!;
        var sidecar = EnvoyRouteMatchTranslator.Translate(
            match, new RouteMatchScope(9080, "bookinfo", new Dictionary<string, string>(), new HashSet<string> { GatewayReference.Mesh }), "bookinfo")!;

        Assert.That(proxyless.PathSpecifierCase, Is.EqualTo(sidecar.PathSpecifierCase));
        Assert.That(PathOf(proxyless), Is.EqualTo(PathOf(sidecar)));
    }

    private static string PathOf(RouteMatch match) => match.PathSpecifierCase switch
    {
        RouteMatch.PathSpecifierOneofCase.Path => match.Path,
        RouteMatch.PathSpecifierOneofCase.Prefix => match.Prefix,
        RouteMatch.PathSpecifierOneofCase.SafeRegex => match.SafeRegex.Regex,
        _ => "",
    };
}
