using Istiod.Net.Config.Model;
using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Xds.Generation;
using Istiod.Net.Xds.Protocol;
using static Istiod.Net.Tests.Infrastructure.MeshConfigs;

namespace Istiod.Net.Tests.Xds.Generation;

public sealed class XdsResourceProviderTests
{
    private const string A = "a.ns.svc.cluster.local";
    private const string B = "b.ns.svc.cluster.local";

    private static ConfigObject Selecting(string host) => ServiceEntry("ns", host, new ServiceEntrySpec
    {
        Hosts = [host],
        Ports = [new ServicePort { Number = 9000, Name = "grpc" }],
        Resolution = ServiceEntryResolution.Static,
        WorkloadSelector = new WorkloadSelector { Labels = Labels(("app", host)) },
    });

    [Test]
    public void TheFirstContextPushesEverythingToEveryone()
    {
        using var harness = new GenerationHarness([]);
        var push = harness.Pushes.Single();
        Assert.That(push.Types, Is.Null);
        Assert.That(push.Affects, Is.Null);
        Assert.That(push.Version, Is.EqualTo(harness.Context.Version));
    }

    [Test]
    public void AWorkloadEntryChangePushesOnlyEndpointsToProxiesThatReadThatService()
    {
        using var harness = new GenerationHarness(
        [
            Selecting("a"), Selecting("b"),
            WorkloadEntry("ns", "a-1", new WorkloadEntrySpec { Address = "10.0.0.1", Labels = Labels(("app", "a")) }),
        ], ProxylessOnly());
        var readsA = harness.Connect("ns");
        var readsB = harness.Connect("ns");
        var readsNothing = harness.Connect("ns");
        Assert.That(harness.Endpoints(readsA, $"outbound|9000||{A}")!.Endpoints.Single().LbEndpoints, Has.Count.EqualTo(1));
        harness.Generate(readsB, XdsTypeUrls.Endpoint, $"outbound|9000||{B}");
        harness.Generate(readsB, XdsTypeUrls.Cluster, $"outbound|9000||{A}");

        harness.Change(WorkloadEntry("ns", "a-2", new WorkloadEntrySpec { Address = "10.0.0.2", Labels = Labels(("app", "a")) }));

        // Clusters may read endpoints too (their labels decide auto mTLS), so CDS is in the push; but a is
        // MESH_EXTERNAL (the ServiceEntry default), never auto mTLS, so b's cluster of a read no endpoints.
        var push = harness.Pushes[^1];
        Assert.Multiple(() =>
        {
            Assert.That(push.Types, Is.EquivalentTo(new[] { XdsTypeUrls.Cluster, XdsTypeUrls.Endpoint }));
            Assert.That(push.Reason, Is.EqualTo("config"));
            Assert.That(push.Affects!(readsA), Is.True);
            Assert.That(push.Affects(readsB), Is.False, "b's endpoints did not change; its cluster of a read no endpoints");
            Assert.That(push.Affects(readsNothing), Is.False);
        });
        Assert.That(harness.Endpoints(readsA, $"outbound|9000||{A}")!.Endpoints.Single().LbEndpoints, Has.Count.EqualTo(2));
    }

    [Test]
    public void AVirtualServiceExportedToOneNamespaceOnlyAffectsProxiesThere()
    {
        using var harness = new GenerationHarness([StaticService("ns", "a", "a", [9000])]);
        var inside = harness.Connect("team");
        var outside = harness.Connect("others");
        foreach (var proxy in new[] { inside, outside })
        {
            harness.Generate(proxy, XdsTypeUrls.Listener, $"{A}:9000");
            harness.Generate(proxy, XdsTypeUrls.Route, $"{A}:9000");
        }

        harness.Change(VirtualService("team", "a", new VirtualServiceSpec { Hosts = [A], ExportTo = ["."] }));

        var push = harness.Pushes[^1];
        Assert.That(push.Types, Is.EquivalentTo(new[] { XdsTypeUrls.Listener, XdsTypeUrls.Route }));
        Assert.That(push.Affects!(inside), Is.True);
        Assert.That(push.Affects(outside), Is.False);
    }

    [Test]
    public void ANewServiceReachesWildcardListenersButNotNamedOnes()
    {
        using var harness = new GenerationHarness([StaticService("ns", "a", "a", [9000])]);
        var wildcard = harness.Connect("ns");
        var named = harness.Connect("ns");
        harness.Generate(wildcard, XdsTypeUrls.Listener);
        harness.Generate(named, XdsTypeUrls.Listener, $"{A}:9000");

        harness.Change(StaticService("ns", "b", "b", [9000]));

        var push = harness.Pushes[^1];
        Assert.That(push.Affects!(wildcard), Is.True);
        Assert.That(push.Affects(named), Is.False);
        Assert.That(harness.Generate(wildcard, XdsTypeUrls.Listener).Resources.Select(r => r.Name), Is.EquivalentTo(new[] { $"{A}:9000", $"{B}:9000" }));
    }

    [Test]
    public void ChangesNoGeneratorReadsPushNothing()
    {
        // The Envoy gateway set reads Gateways; the proxyless set alone reads none.
        using var harness = new GenerationHarness([], ProxylessOnly());
        var before = harness.Pushes.Count;
        harness.Change(Object("Gateway", "ns", "gw", new GatewaySpec()));
        Assert.That(harness.Pushes, Has.Count.EqualTo(before));
    }

    [Test]
    public void DisconnectForgetsTheProxy()
    {
        using var harness = new GenerationHarness([]);
        var proxy = harness.Connect("ns");
        Assert.That(harness.Provider.Proxies, Does.Contain(proxy));
        harness.Provider.Disconnect(proxy);
        Assert.That(harness.Provider.Proxies, Is.Empty);
    }

    /// <summary>Sidecar LDS reads endpoints (the workload's own ports): tests of proxyless pushes use the proxyless set alone.</summary>
    private static GeneratorTable ProxylessOnly() =>
        new([new GeneratorRule("all", _ => true, GeneratorTable.ProxylessGrpcSet())]);
}
