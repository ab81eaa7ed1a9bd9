using Envoy.Config.Core.V3;
using Istiod.Net.Config.Model;
using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Xds.Protocol;
using static Istiod.Net.Tests.Infrastructure.MeshConfigs;

namespace Istiod.Net.Tests.Xds.Generation;

public sealed class EndpointGeneratorTests
{
    private const string Host = "reviews.bookinfo.svc.cluster.local";

    private static ConfigObject[] Mesh() =>
    [
        ServiceEntry("bookinfo", "reviews", new ServiceEntrySpec
        {
            Hosts = ["reviews"],
            Ports = [new ServicePort { Number = 9080, Name = "grpc", TargetPort = 8080 }],
            Resolution = ServiceEntryResolution.Static,
            Location = ServiceEntryLocation.MeshInternal,
            Endpoints =
            [
                new WorkloadEntrySpec { Address = "10.0.0.1", Labels = Labels(("version", "v1")), Locality = "us-east/a", Weight = 2 },
                new WorkloadEntrySpec { Address = "10.0.0.2", Labels = Labels(("version", "v1")), Locality = "us-east/b", Ports = new Dictionary<string, uint> { ["grpc"] = 18080 } },
                new WorkloadEntrySpec { Address = "10.0.0.3", Labels = Labels(("version", "v2")), Locality = "us-east/a", Weight = 3 },
                new WorkloadEntrySpec { Address = "not-an-ip.example", Labels = Labels(("version", "v1")) },
                new WorkloadEntrySpec { Address = "10.0.0.1", Labels = Labels(("version", "v1")), Locality = "us-east/a" },
            ],
            WorkloadSelector = null,
        }),
        DestinationRule("bookinfo", "reviews", new DestinationRuleSpec
        {
            Host = "reviews",
            Subsets = [new Subset { Name = "v1", Labels = Labels(("version", "v1")) }, new Subset { Name = "v2", Labels = Labels(("version", "v2")) }],
        }),
    ];

    [Test]
    public void EndpointsAreGroupedByLocalityWithWeightsAndTargetPorts()
    {
        using var harness = new GenerationHarness(Mesh());
        var assignment = harness.Endpoints(harness.Connect("bookinfo"), $"outbound|9080||{Host}")!;

        Assert.That(assignment.ClusterName, Is.EqualTo($"outbound|9080||{Host}"));
        var byZone = assignment.Endpoints.ToDictionary(l => l.Locality.Zone);
        Assert.That(byZone.Keys, Is.EquivalentTo(new[] { "a", "b" }));
        Assert.Multiple(() =>
        {
            Assert.That(byZone["a"].Locality.Region, Is.EqualTo("us-east"));
            Assert.That(byZone["a"].LoadBalancingWeight, Is.EqualTo(5));
            Assert.That(byZone["a"].LbEndpoints.Select(e => (e.Endpoint.Address.SocketAddress.Address, e.Endpoint.Address.SocketAddress.PortValue, e.LoadBalancingWeight)),
                Is.EqualTo(new[] { ("10.0.0.1", 8080u, (uint?)2), ("10.0.0.3", 8080u, (uint?)3) }), "the repeated 10.0.0.1:8080 is sent once");
            Assert.That(byZone["b"].LbEndpoints.Single().Endpoint.Address.SocketAddress.PortValue, Is.EqualTo(18080), "the endpoint's ports map wins");
            Assert.That(byZone["b"].LbEndpoints.Single().HealthStatus, Is.EqualTo(HealthStatus.Healthy));
            Assert.That(assignment.Endpoints.SelectMany(l => l.LbEndpoints).Any(e => e.Endpoint.Address.SocketAddress.Address.Contains("example")), Is.False,
                "host names are not sent to gRPC");
        });
    }

    [Test]
    public void SubsetsFilterEndpointsByLabels()
    {
        using var harness = new GenerationHarness(Mesh());
        var proxy = harness.Connect("bookinfo");

        var v2 = harness.Endpoints(proxy, $"outbound|9080|v2|{Host}")!;
        Assert.That(v2.Endpoints.SelectMany(l => l.LbEndpoints).Select(e => e.Endpoint.Address.SocketAddress.Address), Is.EqualTo(new[] { "10.0.0.3" }));
        var v1 = harness.Endpoints(proxy, $"outbound|9080|v1|{Host}")!;
        Assert.That(v1.Endpoints.SelectMany(l => l.LbEndpoints).Select(e => e.Endpoint.Address.SocketAddress.Address), Is.EquivalentTo(new[] { "10.0.0.1", "10.0.0.2" }));
        Assert.That(harness.Endpoints(proxy, $"outbound|9080|v7|{Host}"), Is.Null);
    }

    [Test]
    public void AnEndpointWithoutLocalityStillGetsALocalityMessage()
    {
        using var harness = new GenerationHarness([StaticService("ns", "s", "s.example", [1000], Endpoint("10.9.0.1"))]);
        var assignment = harness.Endpoints(harness.Connect("ns"), "outbound|1000||s.example")!;
        var locality = assignment.Endpoints.Single();
        Assert.That(locality.Locality, Is.Not.Null);
        Assert.That(locality.LoadBalancingWeight, Is.EqualTo(1));
    }

    [Test]
    public void AServiceWithoutEndpointsHasAnEmptyAssignment()
    {
        using var harness = new GenerationHarness([StaticService("ns", "s", "s.example", [1000])]);
        var assignment = harness.Endpoints(harness.Connect("ns"), "outbound|1000||s.example");
        Assert.That(assignment, Is.Not.Null);
        Assert.That(assignment!.Endpoints, Is.Empty);
        Assert.That(harness.Generate(harness.Connect("ns"), XdsTypeUrls.Endpoint).Resources, Is.Empty, "EDS has no wildcard");
    }
}
