using Istiod.Net.Config.Model;
using Istiod.Net.Push;
using Istiod.Net.Tests.Infrastructure;

namespace Istiod.Net.Tests.Push;

public sealed class SidecarScopeTests
{
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    private static readonly ConfigObject[] Services =
    [
        MeshConfigs.StaticService("bookinfo", "reviews", "reviews.bookinfo.svc.cluster.local", [9080]),
        MeshConfigs.StaticService("bookinfo", "ratings", "ratings.bookinfo.svc.cluster.local", [9080]),
        MeshConfigs.StaticService("payments", "pay", "pay.payments.svc.cluster.local", [8443]),
    ];

    [Test]
    public void Without_a_sidecar_every_visible_service_is_seen_and_the_mesh_policy_applies()
    {
        using var harness = new GenerationHarness(Services);
        var scope = SidecarScope.For(harness.Context, "bookinfo", NoLabels);
        Assert.That(scope.Sidecar, Is.Null);
        Assert.That(scope.Services, Has.Count.EqualTo(3));
        Assert.That(scope.OutboundMode, Is.EqualTo(OutboundTrafficMode.AllowAny));
    }

    [Test]
    public void Egress_hosts_limit_the_services_by_namespace_and_host()
    {
        using var harness = new GenerationHarness([.. Services, Sidecar("bookinfo", "default", null, "./*", "payments/pay.payments.svc.cluster.local")]);
        var scope = SidecarScope.For(harness.Context, "bookinfo", NoLabels);
        Assert.That(scope.Services.Select(s => s.Hostname), Is.EquivalentTo(new[]
        {
            "pay.payments.svc.cluster.local", "ratings.bookinfo.svc.cluster.local", "reviews.bookinfo.svc.cluster.local",
        }));

        using var narrow = new GenerationHarness([.. Services, Sidecar("bookinfo", "default", null, "./ratings.bookinfo.svc.cluster.local")]);
        var only = SidecarScope.For(narrow.Context, "bookinfo", NoLabels);
        Assert.That(only.Services.Select(s => s.Hostname), Is.EqualTo(new[] { "ratings.bookinfo.svc.cluster.local" }));
        Assert.That(only.Sees("reviews.bookinfo.svc.cluster.local"), Is.False);
    }

    [Test]
    public void A_workload_sidecar_beats_the_namespace_one_which_beats_the_root_one()
    {
        var root = Sidecar("istio-system", "default", null, "*/*");
        var ns = Sidecar("bookinfo", "default", null, "./*");
        var workload = Sidecar("bookinfo", "reviews", MeshConfigs.Labels(("app", "reviews")), "~/*");
        using var harness = new GenerationHarness([.. Services, root, ns, workload]);

        Assert.That(SidecarScope.For(harness.Context, "bookinfo", MeshConfigs.Labels(("app", "reviews"))).Sidecar, Is.EqualTo(workload));
        Assert.That(SidecarScope.For(harness.Context, "bookinfo", MeshConfigs.Labels(("app", "ratings"))).Sidecar, Is.EqualTo(ns));
        Assert.That(SidecarScope.For(harness.Context, "payments", NoLabels).Sidecar, Is.EqualTo(root));
        Assert.That(SidecarScope.For(harness.Context, "bookinfo", MeshConfigs.Labels(("app", "reviews"))).Services, Is.Empty);
    }

    [Test]
    public void The_sidecar_outbound_policy_overrides_the_mesh()
    {
        var sidecar = MeshConfigs.Object(SidecarScope.Kind, "bookinfo", "default", new SidecarSpec
        {
            OutboundTrafficPolicy = new OutboundTrafficPolicy { Mode = OutboundTrafficMode.RegistryOnly },
        });
        using var harness = new GenerationHarness([.. Services, sidecar]);
        Assert.That(SidecarScope.For(harness.Context, "bookinfo", NoLabels).OutboundMode, Is.EqualTo(OutboundTrafficMode.RegistryOnly));
    }

    private static ConfigObject Sidecar(string ns, string name, IReadOnlyDictionary<string, string>? selector, params string[] hosts) =>
        MeshConfigs.Object(SidecarScope.Kind, ns, name, new SidecarSpec
        {
            WorkloadSelector = selector is null ? null : new WorkloadSelector { Labels = selector },
            Egress = [new IstioEgressListener { Hosts = hosts }],
        });
}
