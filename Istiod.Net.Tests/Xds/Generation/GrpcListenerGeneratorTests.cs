using Envoy.Config.Core.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Istiod.Net.Config.Model;
using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Xds.Protocol;
using static Istiod.Net.Tests.Infrastructure.MeshConfigs;

namespace Istiod.Net.Tests.Xds.Generation;

public sealed class GrpcListenerGeneratorTests
{
    private const string Host = "echo.app.svc.cluster.local";

    [Test]
    public void ApiListenerUsesRdsOverAdsWithTheRouterFilterLast()
    {
        using var harness = new GenerationHarness([StaticService("app", "echo", "echo", [7070, 7071], Endpoint("10.0.0.1"))]);
        var proxy = harness.Connect("client");

        var listener = harness.Listener(proxy, $"{Host}:7070");

        Assert.That(listener, Is.Not.Null);
        Assert.That(listener!.Name, Is.EqualTo($"{Host}:7070"));
        Assert.That(listener.ApiListener.ApiListener_.TypeUrl,
            Is.EqualTo("type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager"));
        var manager = listener.ApiListener.ApiListener_.Unpack<HttpConnectionManager>();
        Assert.Multiple(() =>
        {
            Assert.That(manager.Rds.RouteConfigName, Is.EqualTo($"{Host}:7070"));
            Assert.That(manager.Rds.ConfigSource.ConfigSourceSpecifierCase, Is.EqualTo(ConfigSource.ConfigSourceSpecifierOneofCase.Ads));
            Assert.That(manager.Rds.ConfigSource.ResourceApiVersion, Is.EqualTo(ApiVersion.V3));
            Assert.That(manager.HttpFilters.Select(f => f.Name), Is.EqualTo(new[] { "envoy.filters.http.router" }));
            Assert.That(manager.HttpFilters[^1].TypedConfig.TypeUrl, Is.EqualTo("type.googleapis.com/envoy.extensions.filters.http.router.v3.Router"));
        });
    }

    [Test]
    public void FaultFilterComesBeforeTheRouterWhenARouteInjectsFaults()
    {
        using var harness = new GenerationHarness(
        [
            StaticService("app", "echo", "echo", [7070]),
            VirtualService("app", "echo", new VirtualServiceSpec
            {
                Hosts = ["echo"],
                Http = [new HttpRoute { Fault = new HttpFaultInjection { Abort = new FaultAbort { GrpcStatus = "UNAVAILABLE" } }, Route = [new HttpRouteDestination { Destination = new Destination { Host = "echo" } }] }],
            }),
        ]);
        var proxy = harness.Connect("app");

        var manager = harness.Listener(proxy, $"{Host}:7070")!.ApiListener.ApiListener_.Unpack<HttpConnectionManager>();

        Assert.That(manager.HttpFilters.Select(f => f.Name), Is.EqualTo(new[] { "envoy.filters.http.fault", "envoy.filters.http.router" }));
        Assert.That(manager.HttpFilters[0].TypedConfig.TypeUrl, Is.EqualTo("type.googleapis.com/envoy.extensions.filters.http.fault.v3.HTTPFault"));
    }

    [Test]
    public void WildcardListsEveryVisibleHostAndPortAndUnknownNamesAreOmitted()
    {
        using var harness = new GenerationHarness(
        [
            StaticService("app", "echo", "echo", [7070, 7071]),
            StaticService("other", "db", "db.other.svc.cluster.local", [5432]),
            ServiceEntry("private", "secret", new ServiceEntrySpec { Hosts = ["secret.example"], Ports = [new ServicePort { Number = 1, Name = "p" }], ExportTo = ["."] }),
        ]);
        var proxy = harness.Connect("app");

        var all = harness.Generate(proxy, XdsTypeUrls.Listener);
        Assert.That(all.Resources.Select(r => r.Name), Is.EquivalentTo(new[] { "db.other.svc.cluster.local:5432", $"{Host}:7070", $"{Host}:7071" }));

        var named = harness.Generate(proxy, XdsTypeUrls.Listener, $"{Host}:7070", "echo:7070", $"{Host}:9999", "secret.example:1", "not a name");
        Assert.That(named.Resources.Select(r => r.Name), Is.EqualTo(new[] { $"{Host}:7070" }), "short names, unknown ports and private services are left out");
        Assert.That(named.VersionInfo, Is.EqualTo(harness.Context.Version));
    }

    [Test]
    public void ResourceVersionIsAHashOfTheBytes()
    {
        using var harness = new GenerationHarness([StaticService("app", "echo", "echo", [7070, 7071])]);
        var proxy = harness.Connect("app");
        var resources = harness.Generate(proxy, XdsTypeUrls.Listener).Resources;

        Assert.That(resources.Select(r => r.Version).Distinct().Count(), Is.EqualTo(2), "different listeners, different versions");
        Assert.That(resources[0].Version, Does.Match("^[0-9a-f]{16}$"));
        var again = harness.Generate(harness.Connect("elsewhere"), XdsTypeUrls.Listener).Resources;
        Assert.That(again.Select(r => r.Version), Is.EqualTo(resources.Select(r => r.Version)), "same bytes, same version, whoever asks");
    }
}
