using Istiod.Net.Config.Mesh;
using Istiod.Net.Security.Authorization;
using Istiod.Net.Security.Authorization.Simulation;

namespace Istiod.Net.Tests.Security.Authorization;

/// <summary>How policies combine: CUSTOM, then DENY, then ALLOW; no policy allows; an ALLOW that matches nothing denies; AUDIT and dry-run never decide.</summary>
public sealed class AuthorizationOrderTests
{
    private static readonly AuthzOptions WithProvider = new()
    {
        ExtensionProviders =
        [
            new ExtAuthzProvider { Name = "opa", Kind = ExtAuthzProviderKind.Grpc, Service = "opa.authz.svc.cluster.local", Port = 9191 },
        ],
    };

    private const string AllowGet = """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: allow-get, namespace: foo}
        spec:
          selector: {matchLabels: {app: httpbin}}
          rules:
          - to: [{operation: {methods: ["GET"]}}]
        """;

    private const string DenyAdmin = """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: deny-admin, namespace: foo}
        spec:
          action: DENY
          rules:
          - to: [{operation: {paths: ["/admin/*"]}}]
        """;

    private const string CustomApi = """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: ext, namespace: foo}
        spec:
          action: CUSTOM
          provider: {name: opa}
          rules:
          - to: [{operation: {paths: ["/api/*"]}}]
        """;

    private static readonly AuthzRequest Get = new() { Method = "GET", Path = "/" };

    [Test]
    public void No_policy_means_no_filters_and_everything_is_allowed()
    {
        var scenario = new AuthzScenario("");
        Assert.Multiple(() =>
        {
            Assert.That(scenario.Filters.Http, Is.Empty);
            Assert.That(scenario.Filters.Network, Is.Empty);
            Assert.That(scenario.Allows(Get with { Method = "DELETE" }), Is.True);
        });
    }

    [Test]
    public void An_allow_policy_without_rules_denies_everything()
    {
        var scenario = new AuthzScenario("""
            apiVersion: security.istio.io/v1
            kind: AuthorizationPolicy
            metadata: {name: deny-all, namespace: foo}
            spec: {}
            """);
        Assert.Multiple(() =>
        {
            Assert.That(scenario.Allows(Get), Is.False);
            Assert.That(scenario.Tcp(Get).Allowed, Is.False);
        });
    }

    [Test]
    public void An_empty_rule_allows_everything()
    {
        var scenario = new AuthzScenario("""
            apiVersion: security.istio.io/v1
            kind: AuthorizationPolicy
            metadata: {name: allow-all, namespace: foo}
            spec:
              rules: [{}]
            """);
        Assert.That(scenario.Allows(Get with { Method = "DELETE", PeerPrincipal = null }), Is.True);
    }

    [Test]
    public void Allow_policies_admit_what_one_of_them_matches_and_nothing_else()
    {
        var scenario = new AuthzScenario(AllowGet);
        Assert.Multiple(() =>
        {
            Assert.That(scenario.Allows(Get), Is.True);
            Assert.That(scenario.Http(Get with { Method = "POST" }).Status, Is.EqualTo(403));
        });
    }

    [Test]
    public void Deny_wins_over_allow()
    {
        var scenario = new AuthzScenario(AllowGet + "\n---\n" + DenyAdmin);
        var denied = scenario.Http(Get with { Path = "/admin/users" });
        Assert.Multiple(() =>
        {
            Assert.That(scenario.Allows(Get), Is.True);
            Assert.That(denied.Allowed, Is.False);
            Assert.That(denied.DecidedBy, Does.Contain("Deny").And.Contain("deny-admin"));
        });
    }

    [Test]
    public void Custom_runs_first_and_only_for_the_requests_its_rules_match()
    {
        var scenario = new AuthzScenario(CustomApi + "\n---\n" + DenyAdmin + "\n---\n" + AllowGet, WithProvider);
        var toApi = Get with { Path = "/api/orders" };
        Assert.Multiple(() =>
        {
            // The external authorizer's "no" ends the request although ALLOW would admit it.
            var refused = scenario.Http(toApi with { ExtAuthzAllows = false });
            Assert.That(refused.Allowed, Is.False);
            Assert.That(refused.ExtAuthzChecks, Is.EqualTo(new[] { "outbound|9191||opa.authz.svc.cluster.local" }));
            // Its "yes" does not bypass DENY and ALLOW: a POST is still not allowed.
            Assert.That(scenario.Allows(toApi with { ExtAuthzAllows = true }), Is.True);
            Assert.That(scenario.Allows(toApi with { ExtAuthzAllows = true, Method = "POST" }), Is.False);
            // Requests no CUSTOM rule matches never reach the authorizer.
            var plain = scenario.Http(Get with { ExtAuthzAllows = false });
            Assert.That(plain.Allowed, Is.True);
            Assert.That(plain.ExtAuthzChecks, Is.Empty);
        });
    }

    [Test]
    public void Custom_with_an_unknown_provider_denies_what_it_matches()
    {
        var scenario = new AuthzScenario(CustomApi);
        Assert.Multiple(() =>
        {
            Assert.That(scenario.Allows(Get with { Path = "/api/x", ExtAuthzAllows = true }), Is.False);
            Assert.That(scenario.Allows(Get with { Path = "/other" }), Is.True);
            Assert.That(scenario.Filters.Warnings, Has.Some.Contains("opa"));
        });
    }

    [Test]
    public void Custom_with_an_invalid_provider_denies_what_it_matches()
    {
        var scenario = new AuthzScenario(CustomApi, new AuthzOptions
        {
            ExtensionProviders = [new ExtAuthzProvider { Name = "opa", Kind = ExtAuthzProviderKind.Http, Service = "opa", Port = 70000 }],
        });
        Assert.That(scenario.Allows(Get with { Path = "/api/x", ExtAuthzAllows = true }), Is.False);
    }

    [Test]
    public void Audit_records_but_does_not_decide()
    {
        var scenario = new AuthzScenario(AuthzScenario.AllowRule("  - to: [{operation: {methods: [\"DELETE\"]}}]", action: "AUDIT"));
        var audited = scenario.Http(Get with { Method = "DELETE" });
        var other = scenario.Http(Get);
        Assert.Multiple(() =>
        {
            Assert.That(audited.Allowed, Is.True);
            Assert.That(audited.Audited, Has.Count.EqualTo(1));
            Assert.That(other.Allowed, Is.True);
            Assert.That(other.Audited, Is.Empty);
        });
    }

    [Test]
    public void Dry_run_policies_are_reported_but_not_enforced()
    {
        var scenario = new AuthzScenario("""
            apiVersion: security.istio.io/v1
            kind: AuthorizationPolicy
            metadata:
              name: would-deny
              namespace: foo
              annotations: {"istio.io/dry-run": "true"}
            spec:
              action: DENY
              rules: [{to: [{operation: {methods: ["GET"]}}]}]
            ---
            apiVersion: security.istio.io/v1
            kind: AuthorizationPolicy
            metadata:
              name: would-allow-nothing
              namespace: foo
              annotations: {"istio.io/dry-run": "true"}
            spec: {}
            """);
        var decision = scenario.Http(Get);
        Assert.Multiple(() =>
        {
            Assert.That(decision.Allowed, Is.True);
            Assert.That(decision.Shadow[AuthzFilterNames.DryRunDenyPrefix], Does.StartWith("denied ns[foo]-policy[would-deny]-rule[0]"));
            Assert.That(decision.Shadow[AuthzFilterNames.DryRunAllowPrefix], Is.EqualTo("denied"));
        });
    }

    [Test]
    public void Root_namespace_policies_apply_mesh_wide_and_other_namespaces_do_not_leak()
    {
        var scenario = new AuthzScenario("""
            apiVersion: security.istio.io/v1
            kind: AuthorizationPolicy
            metadata: {name: mesh-deny-delete, namespace: istio-system}
            spec:
              action: DENY
              rules: [{to: [{operation: {methods: ["DELETE"]}}]}]
            ---
            apiVersion: security.istio.io/v1
            kind: AuthorizationPolicy
            metadata: {name: elsewhere, namespace: other}
            spec: {}
            ---
            apiVersion: security.istio.io/v1
            kind: AuthorizationPolicy
            metadata: {name: for-v2, namespace: foo}
            spec:
              selector: {matchLabels: {version: v2}}
            """);
        Assert.Multiple(() =>
        {
            Assert.That(scenario.Allows(Get with { Method = "DELETE" }), Is.False);
            Assert.That(scenario.Allows(Get), Is.True, "deny-all policies of another namespace and another workload do not apply");
        });
    }

    [Test]
    public void Target_refs_bind_a_policy_to_the_gateway_they_name()
    {
        const string yaml = """
            apiVersion: security.istio.io/v1
            kind: AuthorizationPolicy
            metadata: {name: gw, namespace: foo}
            spec:
              targetRefs: [{kind: Gateway, group: gateway.networking.k8s.io, name: public}]
            """;
        var gateway = AuthzScenario.Httpbin with { Labels = new Dictionary<string, string> { [AuthzWorkload.GatewayNameLabel] = "public" } };
        Assert.Multiple(() =>
        {
            Assert.That(new AuthzScenario(yaml, workload: gateway).Allows(Get), Is.False);
            Assert.That(new AuthzScenario(yaml).Allows(Get), Is.True, "httpbin is not the gateway");
        });
    }

    [Test]
    public void Trust_domain_aliases_extend_principals_to_every_domain_of_the_bundle()
    {
        var scenario = new AuthzScenario(
            AuthzScenario.AllowRule("  - from: [{source: {principals: [\"old-td/ns/bar/sa/client\"]}}]"),
            new AuthzOptions { TrustDomain = "new-td", TrustDomainAliases = ["old-td"] });
        Assert.Multiple(() =>
        {
            Assert.That(scenario.Allows(Get with { PeerPrincipal = "spiffe://new-td/ns/bar/sa/client" }), Is.True);
            Assert.That(scenario.Allows(Get with { PeerPrincipal = "spiffe://old-td/ns/bar/sa/client" }), Is.True);
            Assert.That(scenario.Allows(Get with { PeerPrincipal = "spiffe://third-td/ns/bar/sa/client" }), Is.False);
        });
    }

    [Test]
    public void Tcp_chains_drop_an_allow_rule_that_needs_http_and_widen_a_deny_rule()
    {
        var allow = new AuthzScenario(AuthzScenario.AllowRule("""
              - from: [{source: {namespaces: ["bar"]}}]
                to: [{operation: {methods: ["GET"]}}]
              - from: [{source: {namespaces: ["baz"]}}]
            """));
        var deny = new AuthzScenario(AuthzScenario.AllowRule("""
              - from: [{source: {namespaces: ["bar"]}}]
                to: [{operation: {methods: ["GET"]}}]
            """, action: "DENY"));
        var fromBar = new AuthzRequest { PeerPrincipal = "spiffe://cluster.local/ns/bar/sa/x", Method = "POST" };
        var fromBaz = fromBar with { PeerPrincipal = "spiffe://cluster.local/ns/baz/sa/x" };
        Assert.Multiple(() =>
        {
            // ALLOW: the rule with a method cannot be checked on TCP, so it allows nothing there.
            Assert.That(allow.Tcp(fromBar).Allowed, Is.False);
            Assert.That(allow.Tcp(fromBaz).Allowed, Is.True);
            Assert.That(allow.Http(fromBar with { Method = "GET" }).Allowed, Is.True);
            // DENY: without the method the rule denies every connection from bar.
            Assert.That(deny.Tcp(fromBar).Allowed, Is.False);
            Assert.That(deny.Http(fromBar).Allowed, Is.True, "on HTTP only GET is denied");
            Assert.That(deny.Tcp(fromBaz).Allowed, Is.True);
        });
    }

    [Test]
    public void Filters_come_in_custom_audit_deny_allow_order()
    {
        var scenario = new AuthzScenario(
            AllowGet + "\n---\n" + DenyAdmin + "\n---\n" + CustomApi + "\n---\n" + AuthzScenario.AllowRule("  - {}", action: "AUDIT", name: "audit"),
            WithProvider);
        Assert.That(scenario.Filters.Http.Select(f => f.Name), Is.EqualTo(new[]
        {
            AuthzFilterNames.HttpRbac, AuthzFilterNames.HttpExtAuthz, AuthzFilterNames.HttpRbac, AuthzFilterNames.HttpRbac, AuthzFilterNames.HttpRbac,
        }));
        Assert.That(scenario.Filters.Network.Select(f => f.Name), Is.EqualTo(new[]
        {
            AuthzFilterNames.NetworkRbac, AuthzFilterNames.NetworkExtAuthz, AuthzFilterNames.NetworkRbac, AuthzFilterNames.NetworkRbac, AuthzFilterNames.NetworkRbac,
        }));
    }

    [Test]
    public void Building_twice_gives_equal_filters()
    {
        var first = new AuthzScenario(AllowGet + "\n---\n" + DenyAdmin + "\n---\n" + CustomApi, WithProvider).Filters;
        var second = new AuthzScenario(AllowGet + "\n---\n" + DenyAdmin + "\n---\n" + CustomApi, WithProvider).Filters;
        Assert.That(second.Http, Is.EqualTo(first.Http));
    }
}
