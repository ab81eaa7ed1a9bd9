using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Xds.Generation;
using Istiod.Net.Xds.Protocol;
using static Istiod.Net.Tests.Infrastructure.MeshConfigs;

namespace Istiod.Net.Tests.Xds.Generation;

/// <summary>
/// Workload-scoped generator sets share a cached resource between proxies that differ only in what the resource
/// does not read: every pod of a deployment has its own IP, and a thousand proxyless clients of one service must
/// not cost a thousand generations of the same cluster.
/// </summary>
public sealed class WorkloadFacetsSharingTests
{
    private const string Host = "echo.default.svc.cluster.local";
    private const string ServerListener = "xds.istio.io/grpc/lds/inbound/0.0.0.0:7070";

    private static GenerationHarness Harness() => new([StaticService("default", "echo", Host, [7070], Endpoint("10.1.0.1"), Endpoint("10.1.0.2"))]);

    private static XdsResource One(GenerationHarness harness, Proxy proxy, string typeUrl, string name) =>
        harness.Generate(proxy, typeUrl, name).Resources.Single();

    [TestCase(XdsTypeUrls.Cluster, "outbound|7070||" + Host)]
    [TestCase(XdsTypeUrls.Endpoint, "outbound|7070||" + Host)]
    [TestCase(XdsTypeUrls.Route, Host + ":7070")]
    [TestCase(XdsTypeUrls.Listener, Host + ":7070")]
    public void Proxyless_clients_on_different_pods_share_client_resources(string typeUrl, string name)
    {
        using var harness = Harness();
        var a = harness.Connect("default", ip: "10.2.0.1", labels: Labels(("app", "client"), ("pod", "a")));
        var b = harness.Connect("default", ip: "10.2.0.2", labels: Labels(("app", "other")));

        Assert.That(One(harness, b, typeUrl, name), Is.SameAs(One(harness, a, typeUrl, name)), "one generation, one cached resource");
    }

    [Test]
    public void A_server_listener_is_shared_by_equal_labels_and_not_across_different_ones()
    {
        using var harness = Harness();
        var first = harness.Connect("default", ip: "10.2.0.1", labels: Labels(("app", "echo")));
        var samePodTemplate = harness.Connect("default", ip: "10.2.0.2", labels: Labels(("app", "echo")));
        var otherApp = harness.Connect("default", ip: "10.2.0.3", labels: Labels(("app", "billing")));

        var listener = One(harness, first, XdsTypeUrls.Listener, ServerListener);

        Assert.That(One(harness, samePodTemplate, XdsTypeUrls.Listener, ServerListener), Is.SameAs(listener));
        Assert.That(One(harness, otherApp, XdsTypeUrls.Listener, ServerListener), Is.Not.SameAs(listener), "policies select by labels");
    }

    [Test]
    public void Envoy_sidecars_of_one_deployment_share_outbound_clusters_but_not_inbound_ones()
    {
        using var harness = new GenerationHarness(
            [StaticService("default", "echo", Host, [7070], Endpoint("10.1.0.1", Labels(("app", "echo")))), ],
            EnvoyMesh.Table());
        var podA = harness.ConnectEnvoy("default", ip: "10.1.0.1", labels: Labels(("app", "echo")));
        var podB = harness.ConnectEnvoy("default", ip: "10.1.0.2", labels: Labels(("app", "echo")));
        var outbound = "outbound|7070||" + Host;

        Assert.That(One(harness, podB, XdsTypeUrls.Cluster, outbound), Is.SameAs(One(harness, podA, XdsTypeUrls.Cluster, outbound)));
    }

    [Test]
    public void A_projection_keeps_only_the_declared_facets()
    {
        var workload = new ProxyWorkload
        {
            Kind = ProxyKind.Router,
            Labels = Labels(("app", "gw")),
            ServiceAccount = "gw",
            Addresses = ["10.0.0.9"],
            Identity = "spiffe://cluster.local/ns/istio-system/sa/gw",
            Locality = "eu/west/a",
        };

        var projected = workload.Project(WorkloadFacets.Labels | WorkloadFacets.Locality)!;

        Assert.That(projected.Labels, Is.EqualTo(workload.Labels));
        Assert.That(projected.Locality, Is.EqualTo("eu/west/a"));
        Assert.That(projected.Addresses, Is.Empty);
        Assert.That(projected.ServiceAccount, Is.Null);
        Assert.That(projected.Identity, Is.Null);
        Assert.That(workload.Project(WorkloadFacets.None), Is.Null);
        Assert.That(workload.Project(WorkloadFacets.All), Is.SameAs(workload));
    }
}
