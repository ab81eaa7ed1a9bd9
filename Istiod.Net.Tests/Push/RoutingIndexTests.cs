using Istiod.Net.Config.Model;
using Istiod.Net.Config.Store;
using Istiod.Net.Push;
using static Istiod.Net.Tests.Infrastructure.MeshConfigs;

namespace Istiod.Net.Tests.Push;

public sealed class RoutingIndexTests
{
    private static ConfigObject Vs(string ns, string name, string host, params string[] exportTo) =>
        VirtualService(ns, name, new VirtualServiceSpec { Hosts = [host], ExportTo = exportTo.Length == 0 ? null : exportTo });

    private static ConfigObject Dr(string ns, string name, string host, params string[] exportTo) =>
        DestinationRule(ns, name, new DestinationRuleSpec { Host = host, ExportTo = exportTo.Length == 0 ? null : exportTo });

    [Test]
    public void VirtualServicesPreferExactHostsThenLongerWildcardsThenTheProxysNamespaceThenAge()
    {
        var index = VirtualServiceIndex.Build(new ConfigSnapshot(1,
        [
            Vs("a", "any", "*"),
            Vs("a", "wide", "*.example.com"),
            Vs("a", "narrow", "*.api.example.com"),
            Vs("a", "exact-old", "v1.api.example.com"),
            Vs("b", "exact-b", "v1.api.example.com"),
            Vs("c", "private", "v2.api.example.com", "."),
            VirtualService("a", "gateway-only", new VirtualServiceSpec { Hosts = ["v3.api.example.com"], Gateways = ["a/ingress"] }),
        ]));

        string? Pick(string host, string ns) => index.ForHost(host, ns)?.Config.Meta.Name;
        Assert.Multiple(() =>
        {
            Assert.That(Pick("v1.api.example.com", "b"), Is.EqualTo("exact-b"));
            Assert.That(Pick("v1.api.example.com", "z"), Is.EqualTo("exact-old"));
            Assert.That(Pick("v2.api.example.com", "c"), Is.EqualTo("private"));
            Assert.That(Pick("v2.api.example.com", "z"), Is.EqualTo("narrow"), "the private one is not exported to z");
            Assert.That(Pick("v3.api.example.com", "a"), Is.EqualTo("narrow"), "gateway-only rules do not bind to the mesh");
            Assert.That(Pick("www.example.com", "z"), Is.EqualTo("wide"));
            Assert.That(Pick("other.org", "z"), Is.EqualTo("any"));
        });
    }

    [Test]
    public void DestinationRulesFollowTheSameOrder()
    {
        var index = DestinationRuleIndex.Build(new ConfigSnapshot(1,
        [
            Dr("a", "wide", "*.example.com"),
            Dr("a", "exact", "svc.example.com"),
            Dr("b", "exact-b", "svc.example.com", "."),
            Dr("c", "short", "reviews"),
            DestinationRule("a", "selected", new DestinationRuleSpec { Host = "sel.example.com", WorkloadSelector = new WorkloadSelector { Labels = Labels(("app", "x")) } }),
        ]));

        Assert.Multiple(() =>
        {
            Assert.That(index.ForHost("svc.example.com", "b")!.Config.Meta.Name, Is.EqualTo("exact-b"));
            Assert.That(index.ForHost("svc.example.com", "z")!.Config.Meta.Name, Is.EqualTo("exact"));
            Assert.That(index.ForHost("other.example.com", "z")!.Config.Meta.Name, Is.EqualTo("wide"));
            Assert.That(index.ForHost("reviews.c.svc.cluster.local", "z")!.Config.Meta.Name, Is.EqualTo("short"));
            Assert.That(index.ForHost("sel.example.com", "a")!.Config.Meta.Name, Is.EqualTo("wide"), "rules with a workloadSelector are left out");
        });
    }
}
