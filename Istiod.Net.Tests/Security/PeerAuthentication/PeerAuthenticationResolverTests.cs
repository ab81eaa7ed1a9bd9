using Istiod.Net.Config.Model;
using Istiod.Net.Config.Store;
using Istiod.Net.Security.PeerAuthentication;
using Istiod.Net.Tests.Infrastructure;

namespace Istiod.Net.Tests.Security.PeerAuthentication;

public sealed class PeerAuthenticationResolverTests
{
    private static readonly IReadOnlyDictionary<string, string> AppLabels = MeshConfigs.Labels(("app", "reviews"));

    [Test]
    public void No_policy_is_permissive()
    {
        var mtls = Resolve();
        Assert.That(mtls.Mode, Is.EqualTo(MutualTlsMode.Permissive));
        Assert.That(mtls.ModeFor(9080), Is.EqualTo(MutualTlsMode.Permissive));
    }

    [Test]
    public void Mesh_policy_applies_to_every_namespace()
    {
        Assert.That(Resolve(Policy("istio-system", "default", MutualTlsMode.Strict)).Mode, Is.EqualTo(MutualTlsMode.Strict));
    }

    [Test]
    public void A_root_namespace_policy_with_a_selector_is_not_mesh_wide()
    {
        var selected = Policy("istio-system", "only-gw", MutualTlsMode.Strict, selector: AppLabels);
        Assert.That(Resolve(selected).Mode, Is.EqualTo(MutualTlsMode.Permissive));
    }

    [Test]
    public void Namespace_policy_overrides_mesh_and_workload_overrides_namespace()
    {
        var mesh = Policy("istio-system", "default", MutualTlsMode.Strict);
        var ns = Policy("bookinfo", "default", MutualTlsMode.Disable);
        Assert.That(Resolve(mesh, ns).Mode, Is.EqualTo(MutualTlsMode.Disable));

        var workload = Policy("bookinfo", "reviews", MutualTlsMode.Strict, selector: AppLabels);
        Assert.That(Resolve(mesh, ns, workload).Mode, Is.EqualTo(MutualTlsMode.Strict));
    }

    [Test]
    public void Unset_inherits_the_parent_mode()
    {
        var mesh = Policy("istio-system", "default", MutualTlsMode.Strict);
        var ns = Policy("bookinfo", "default", MutualTlsMode.Unset);
        var workload = Policy("bookinfo", "reviews", null, selector: AppLabels);
        Assert.That(Resolve(mesh, ns, workload).Mode, Is.EqualTo(MutualTlsMode.Strict));
    }

    [Test]
    public void A_selector_that_does_not_match_is_ignored()
    {
        var other = Policy("bookinfo", "ratings", MutualTlsMode.Strict, selector: MeshConfigs.Labels(("app", "ratings")));
        Assert.That(Resolve(other).Mode, Is.EqualTo(MutualTlsMode.Permissive));
    }

    [Test]
    public void Port_level_modes_override_the_workload_mode_and_unset_ports_inherit()
    {
        var workload = Policy("bookinfo", "reviews", MutualTlsMode.Strict, selector: AppLabels, ports: new Dictionary<string, MutualTlsMode?>
        {
            ["8080"] = MutualTlsMode.Disable,
            ["9000"] = MutualTlsMode.Unset,
        });
        var mtls = Resolve(workload);
        Assert.That(mtls.ModeFor(8080), Is.EqualTo(MutualTlsMode.Disable));
        Assert.That(mtls.ModeFor(9000), Is.EqualTo(MutualTlsMode.Strict));
        Assert.That(mtls.ModeFor(9080), Is.EqualTo(MutualTlsMode.Strict));
    }

    [Test]
    public void Port_level_settings_on_a_namespace_policy_are_ignored()
    {
        var ns = Policy("bookinfo", "default", MutualTlsMode.Strict, ports: new Dictionary<string, MutualTlsMode?> { ["8080"] = MutualTlsMode.Disable });
        Assert.That(Resolve(ns).ModeFor(8080), Is.EqualTo(MutualTlsMode.Strict));
    }

    [Test]
    public void Among_competing_workload_policies_the_oldest_wins()
    {
        var older = Policy("bookinfo", "older", MutualTlsMode.Disable, selector: AppLabels);
        var newer = Policy("bookinfo", "newer", MutualTlsMode.Strict, selector: AppLabels);
        Assert.That(Resolve(newer, older).Mode, Is.EqualTo(MutualTlsMode.Disable));
    }

    private static EffectiveMtls Resolve(params ConfigObject[] policies) =>
        PeerAuthenticationResolver.Resolve(new ConfigSnapshot(1, policies), "istio-system", "bookinfo", AppLabels);

    private static ConfigObject Policy(string ns, string name, MutualTlsMode? mode,
        IReadOnlyDictionary<string, string>? selector = null, Dictionary<string, MutualTlsMode?>? ports = null) =>
        MeshConfigs.Object(PeerAuthenticationResolver.Kind, ns, name, new PeerAuthenticationSpec
        {
            Selector = selector is null ? null : new MatchLabelsSelector { MatchLabels = selector },
            Mtls = mode is null ? null : new PeerAuthenticationMtls { Mode = mode },
            PortLevelMtls = ports?.ToDictionary(p => p.Key, p => new PeerAuthenticationMtls { Mode = p.Value }),
        });
}
