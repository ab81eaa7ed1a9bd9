using Istiod.Net.Config.Model;
using Istiod.Net.Config.Store;
using Istiod.Net.Push;
using Istiod.Net.Registry;
using ServicePort = Istiod.Net.Config.Model.ServicePort;
using static Istiod.Net.Tests.Infrastructure.MeshConfigs;

namespace Istiod.Net.Tests.Push;

public sealed class ChangeDetectorTests
{
    private static ChangeSet Detect(ConfigObject[] before, ConfigObject[] after, params ConfigKey[] keys)
    {
        var builder = new PushContextBuilder([new ServiceEntryRegistrySource()], new PushOptions(), TimeProvider.System);
        var old = new ConfigSnapshot(1, before);
        var current = new ConfigSnapshot(2, after);
        return ChangeDetector.Detect(
            PushRequest.ForConfig(keys.ToHashSet()), old, builder.BuildRegistry(old), current, builder.BuildRegistry(current), "cluster.local");
    }

    [Test]
    public void AWorkloadEntryChangeTouchesOnlyTheEndpointsOfServicesSelectingIt()
    {
        var service = ServiceEntry("ns", "svc", new ServiceEntrySpec
        {
            Hosts = ["svc.example"],
            Ports = [new ServicePort { Number = 9000, Name = "grpc" }],
            WorkloadSelector = new WorkloadSelector { Labels = Labels(("app", "svc")) },
            ExportTo = ["."],
        });
        var unrelated = StaticService("ns", "other", "other.example", [9000]);
        var before = WorkloadEntry("ns", "vm", new WorkloadEntrySpec { Address = "10.0.0.1", Labels = Labels(("app", "svc")) });
        var after = before with { Spec = new WorkloadEntrySpec { Address = "10.0.0.2", Labels = Labels(("app", "svc")) } };

        var changes = Detect([service, unrelated, before], [service, unrelated, after], before.Key);

        Assert.That(changes.Items.Select(i => (i.Kind, i.Name)).Distinct(), Is.EqualTo(new[] { (DependencyKind.Endpoints, "svc.example") }));
        Assert.That(changes.IsVisibleTo("ns"), Is.True);
        Assert.That(changes.IsVisibleTo("elsewhere"), Is.False, "the service is exported to its own namespace only");
    }

    [Test]
    public void AWorkloadEntryNoServiceSelectsChangesNothing()
    {
        var lonely = WorkloadEntry("ns", "vm", new WorkloadEntrySpec { Address = "10.0.0.1", Labels = Labels(("app", "none")) });
        Assert.That(Detect([], [lonely], lonely.Key).IsEmpty, Is.True);
    }

    [Test]
    public void AVirtualServiceChangeCoversTheHostsItNamedBeforeAndAfter()
    {
        var before = VirtualService("ns", "vs", new VirtualServiceSpec { Hosts = ["a"], ExportTo = ["."] });
        var after = VirtualService("ns", "vs", new VirtualServiceSpec { Hosts = ["b"], ExportTo = ["."] });

        var changes = Detect([before], [after], before.Key);

        Assert.That(changes.Items.Select(i => i.Name).Distinct(), Is.EquivalentTo(new[] { "a.ns.svc.cluster.local", "b.ns.svc.cluster.local", Dependency.HostWithoutService }));
        Assert.That(changes.Kinds, Is.EquivalentTo(new[] { DependencyKind.VirtualService }));
        Assert.That(changes.VisibleNamespaces(), Is.EquivalentTo(new[] { "ns" }));
    }

    [Test]
    public void AGatewayOnlyVirtualServiceChangesItsHostsForGatewayRoutes()
    {
        var vs = VirtualService("ns", "ingress", new VirtualServiceSpec { Hosts = ["a.example"], Gateways = ["ns/public"] });
        var changes = Detect([], [vs], vs.Key);
        Assert.That(changes.Items.Single(), Is.EqualTo(new ChangedItem(DependencyKind.VirtualService, "a.example", Visibility.Public)));
    }

    [Test]
    public void AVirtualServiceReboundToAnotherGatewayChangesItsHostsForTheServersThatMeetThem()
    {
        var before = VirtualService("ns", "ingress", new VirtualServiceSpec { Hosts = ["a.example"], Gateways = ["ns/public"] });
        var after = before with { Spec = new VirtualServiceSpec { Hosts = ["a.example"], Gateways = ["ns/partner"] } };

        var changes = Detect([before], [after], before.Key);

        Assert.Multiple(() =>
        {
            Assert.That(changes.Items.Single(), Is.EqualTo(new ChangedItem(DependencyKind.VirtualService, "a.example", Visibility.Public)));
            Assert.That(changes.Touches(Dependency.VirtualService("a.example"), "istio-system"), Is.True, "a server for the host, whichever Gateway");
            Assert.That(changes.Touches(Dependency.VirtualService("*.example"), "istio-system"), Is.True, "a wildcard server covering it");
            Assert.That(changes.Touches(Dependency.VirtualService("*"), "istio-system"), Is.True);
            Assert.That(changes.Touches(Dependency.VirtualService("b.example"), "istio-system"), Is.False, "a server for another host");
        });
    }

    [Test]
    public void AMeshVirtualServiceOfAHostThatIsNoServiceAlsoChangesTheHostsWithoutService()
    {
        var service = StaticService("ns", "svc", "svc.example", [9000]);
        var ofService = VirtualService("ns", "of-service", new VirtualServiceSpec { Hosts = ["svc.example"] });
        var ofNothing = VirtualService("ns", "of-nothing", new VirtualServiceSpec { Hosts = ["nothing.example"] });

        var changes = Detect([service], [service, ofService, ofNothing], ofService.Key, ofNothing.Key);

        Assert.That(changes.Items, Is.EquivalentTo(new[]
        {
            new ChangedItem(DependencyKind.VirtualService, "svc.example", Visibility.Public),
            new ChangedItem(DependencyKind.VirtualService, "nothing.example", Visibility.Public),
            new ChangedItem(DependencyKind.VirtualService, Dependency.HostWithoutService, Visibility.Public),
        }));
        Assert.That(changes.Touches(Dependency.VirtualService("other.example"), "ns"), Is.False, "the sentinel overlaps no real host");
        Assert.That(changes.Touches(Dependency.VirtualService("*.example"), "ns"), Is.True);
    }

    [Test]
    public void ADelegateVirtualServiceChangesTheVirtualServiceKind()
    {
        var vs = VirtualService("ns", "delegate", new VirtualServiceSpec { Http = [new HttpRoute()] });
        var changes = Detect([], [vs], vs.Key);
        Assert.That(changes.Items.Single(), Is.EqualTo(new ChangedItem(DependencyKind.ConfigKind, "VirtualService", Visibility.Public)));
    }

    [Test]
    public void KindsWithoutARuleBecomeConfigKindChanges()
    {
        var gateway = Object("Gateway", "ns", "gw", new GatewaySpec());
        var changes = Detect([], [gateway], gateway.Key);
        Assert.That(changes.Items.Single(), Is.EqualTo(new ChangedItem(DependencyKind.ConfigKind, "Gateway", Visibility.Public)));
    }

    [Test]
    public void TouchesMatchesWildcardsAndScopes()
    {
        var changes = ChangeSet.Of([new ChangedItem(DependencyKind.VirtualService, "*.example.com", Visibility.Only("a"))]);
        Assert.Multiple(() =>
        {
            Assert.That(changes.Touches(Dependency.VirtualService("x.example.com"), "a"), Is.True);
            Assert.That(changes.Touches(Dependency.VirtualService("x.example.com"), "b"), Is.False);
            Assert.That(changes.Touches(Dependency.VirtualService("x.example.org"), "a"), Is.False);
            Assert.That(changes.Touches(Dependency.Service("x.example.com"), "a"), Is.False);
            Assert.That(changes.Touches(Dependency.VirtualService(Dependency.AnyHost), "a"), Is.True);
        });
    }

    [Test]
    public void AServiceEntryWhoseDefinitionStaysOnlyChangesEndpoints()
    {
        var before = StaticService("ns", "svc", "svc.example", [9000], Endpoint("10.0.0.1"));
        var after = before with { Spec = ((ServiceEntrySpec)before.Spec) with { Endpoints = [Endpoint("10.0.0.2")] } };

        var changes = Detect([before], [after], before.Key);

        Assert.That(changes.Kinds, Is.EquivalentTo(new[] { DependencyKind.Endpoints }));
    }

    [Test]
    public void AServiceEntryPortChangeChangesTheService()
    {
        var before = StaticService("ns", "svc", "svc.example", [9000]);
        var after = StaticService("ns", "svc", "svc.example", [9000, 9001]);

        var changes = Detect([before], [after], before.Key);

        Assert.That(changes.Kinds, Is.EquivalentTo(new[] { DependencyKind.Service, DependencyKind.Endpoints }));
        Assert.That(changes.Items.Select(i => i.Name).Distinct(), Is.EqualTo(new[] { "svc.example" }));
    }

    [Test]
    public void DeletingTheWinningServiceEntryChangesTheHostForTheLoser()
    {
        var winner = StaticService("ns", "first", "dup.example", [1000]);
        var loser = StaticService("ns", "second", "dup.example", [2000]);

        var changes = Detect([winner, loser], [loser], winner.Key);

        Assert.That(changes.Touches(Dependency.Service("dup.example"), "ns"), Is.True);
    }
}
