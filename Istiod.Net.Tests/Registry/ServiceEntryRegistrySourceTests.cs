using Istiod.Net.Config.Model;
using Istiod.Net.Config.Store;
using Istiod.Net.Registry;
using Istiod.Net.Tests.Infrastructure;
using static Istiod.Net.Tests.Infrastructure.MeshConfigs;
using ServicePort = Istiod.Net.Config.Model.ServicePort;

namespace Istiod.Net.Tests.Registry;

public sealed class ServiceEntryRegistrySourceTests
{
    private static RegistrySnapshot Build(params ConfigObject[] configs)
    {
        var builder = new RegistryBuilder();
        new ServiceEntryRegistrySource().Contribute(new ConfigSnapshot(1, configs), builder);
        return builder.Build();
    }

    [Test]
    public void EachHostBecomesAServiceWithAllPortsAndTheEntrysSettings()
    {
        var registry = Build(ServiceEntry("shop", "payments", new ServiceEntrySpec
        {
            Hosts = ["pay.shop.example", "billing.shop.example"],
            Addresses = ["240.0.0.5"],
            Ports = [new ServicePort { Number = 443, Name = "https", Protocol = "HTTPS" }, new ServicePort { Number = 9000, Name = "grpc", Protocol = "GRPC", TargetPort = 9443 }],
            Location = ServiceEntryLocation.MeshExternal,
            Resolution = ServiceEntryResolution.Static,
            ExportTo = ["."],
        }));

        Assert.That(registry.Services.Select(s => s.Hostname), Is.EqualTo(new[] { "pay.shop.example", "billing.shop.example" }));
        var pay = registry.ServicesFor("pay.shop.example").Single();
        Assert.Multiple(() =>
        {
            Assert.That(pay.Namespace, Is.EqualTo("shop"));
            Assert.That(pay.Ports.Select(p => (p.Name, p.Number, p.Protocol, p.TargetPort)),
                Is.EqualTo(new[] { ("https", 443u, "HTTPS", (uint?)null), ("grpc", 9000u, "GRPC", (uint?)9443) }));
            Assert.That(pay.Addresses, Is.EqualTo(new[] { "240.0.0.5" }));
            Assert.That(pay.MeshExternal, Is.True);
            Assert.That(pay.Visibility.IsVisibleTo("shop"), Is.True);
            Assert.That(pay.Visibility.IsVisibleTo("other"), Is.False);
            Assert.That(pay.Origin, Is.EqualTo(new ConfigKey("ServiceEntry", "shop", "payments")));
        });
    }

    [Test]
    public void EndpointPortsMapByPortNameThenTargetPortThenPortNumber()
    {
        var registry = Build(ServiceEntry("ns", "svc", new ServiceEntrySpec
        {
            Hosts = ["svc.example"],
            Ports =
            [
                new ServicePort { Number = 80, Name = "http" },
                new ServicePort { Number = 9000, Name = "grpc", TargetPort = 9090 },
                new ServicePort { Number = 7000, Name = "admin" },
            ],
            Resolution = ServiceEntryResolution.Static,
            Endpoints =
            [
                new WorkloadEntrySpec
                {
                    Address = "10.1.0.1",
                    Ports = new Dictionary<string, uint> { ["http"] = 8080 },
                    Labels = Labels(("version", "v1")),
                    Locality = "us-east/zone-a/rack-1",
                    Weight = 5,
                    ServiceAccount = "svc-sa",
                    Network = "net-1",
                },
            ],
        }));

        var service = registry.ServicesFor("svc.example").Single();
        var byPort = registry.Instances(service.Key).ToDictionary(i => i.ServicePort.Number);
        Assert.Multiple(() =>
        {
            Assert.That(byPort[80].Port, Is.EqualTo(8080), "ports map by name wins");
            Assert.That(byPort[9000].Port, Is.EqualTo(9090), "then the service port's targetPort");
            Assert.That(byPort[7000].Port, Is.EqualTo(7000), "then the port number");
            Assert.That(byPort[80].Address, Is.EqualTo("10.1.0.1"));
            Assert.That(byPort[80].Labels["version"], Is.EqualTo("v1"));
            Assert.That(byPort[80].Locality, Is.EqualTo("us-east/zone-a/rack-1"));
            Assert.That(byPort[80].Weight, Is.EqualTo(5));
            Assert.That(byPort[80].ServiceAccount, Is.EqualTo("svc-sa"));
            Assert.That(byPort[80].Network, Is.EqualTo("net-1"));
        });
    }

    [Test]
    public void WorkloadSelectorPicksMatchingWorkloadEntriesOfTheSameNamespaceOnly()
    {
        var registry = Build(
            ServiceEntry("ns", "svc", new ServiceEntrySpec
            {
                Hosts = ["svc.ns.svc.cluster.local"],
                Ports = [new ServicePort { Number = 9000, Name = "grpc" }],
                Resolution = ServiceEntryResolution.Static,
                WorkloadSelector = new WorkloadSelector { Labels = Labels(("app", "svc")) },
            }),
            WorkloadEntry("ns", "vm-1", new WorkloadEntrySpec { Address = "10.2.0.1", Labels = Labels(("app", "svc"), ("version", "v2")), Ports = new Dictionary<string, uint> { ["grpc"] = 19000 } }),
            // Labels from metadata count too.
            WorkloadEntry("ns", "vm-2", new WorkloadEntrySpec { Address = "10.2.0.2" }, Labels(("app", "svc"))),
            WorkloadEntry("ns", "other-app", new WorkloadEntrySpec { Address = "10.2.0.3", Labels = Labels(("app", "db")) }),
            WorkloadEntry("elsewhere", "vm-3", new WorkloadEntrySpec { Address = "10.2.0.4", Labels = Labels(("app", "svc")) }));

        var service = registry.ServicesFor("svc.ns.svc.cluster.local").Single();
        var instances = registry.Instances(service.Key, 9000).OrderBy(i => i.Address).ToList();
        Assert.That(instances.Select(i => (i.Address, i.Port)), Is.EqualTo(new[] { ("10.2.0.1", 19000u), ("10.2.0.2", 9000u) }));
        Assert.That(instances[0].Origin, Is.EqualTo(new ConfigKey("WorkloadEntry", "ns", "vm-1")));
        Assert.That(instances[0].Labels["version"], Is.EqualTo("v2"));
    }

    [Test]
    public void ShortHostsResolveInTheEntrysNamespace()
    {
        var registry = Build(StaticService("team", "svc", "reviews", [9080]));
        Assert.That(registry.Services.Single().Hostname, Is.EqualTo("reviews.team.svc.cluster.local"));
    }

    [Test]
    public void DnsEntryWithoutEndpointsResolvesItsOwnHost()
    {
        var registry = Build(ServiceEntry("ns", "ext", new ServiceEntrySpec
        {
            Hosts = ["api.example.com"],
            Ports = [new ServicePort { Number = 443, Name = "tls" }],
            Resolution = ServiceEntryResolution.Dns,
        }));

        var instance = registry.Instances(registry.Services.Single().Key).Single();
        Assert.That((instance.Address, instance.Port), Is.EqualTo(("api.example.com", 443u)));
    }

    [Test]
    public void SameHostInSameNamespaceKeepsTheOldestAndReportsTheConflict()
    {
        var registry = Build(
            StaticService("ns", "first", "dup.example", [1000], Endpoint("10.0.0.1")),
            StaticService("ns", "second", "dup.example", [2000], Endpoint("10.0.0.2")));

        var service = registry.ServicesFor("dup.example").Single();
        Assert.That(service.Ports.Single().Number, Is.EqualTo(1000));
        Assert.That(registry.Conflicts, Has.Count.EqualTo(1));
        Assert.That(registry.Conflicts[0], Does.Contain("ServiceEntry/ns/second").And.Contain("ServiceEntry/ns/first"));
    }

    [Test]
    public void FindPrefersTheProxysNamespaceAndHonorsExportTo()
    {
        var registry = Build(
            StaticService("a", "svc", "shared.example", [1000]),
            ServiceEntry("b", "svc", new ServiceEntrySpec
            {
                Hosts = ["shared.example"],
                Ports = [new ServicePort { Number = 2000, Name = "p" }],
                ExportTo = ["."],
            }));

        Assert.Multiple(() =>
        {
            Assert.That(registry.Find("shared.example", "b")!.Namespace, Is.EqualTo("b"));
            Assert.That(registry.Find("shared.example", "a")!.Namespace, Is.EqualTo("a"));
            Assert.That(registry.Find("shared.example", "c")!.Namespace, Is.EqualTo("a"), "b's copy is private to b");
            Assert.That(registry.Find("missing.example", "a"), Is.Null);
            Assert.That(registry.VisibleTo("c").Select(s => s.Namespace), Is.EqualTo(new[] { "a" }));
        });
    }
}
