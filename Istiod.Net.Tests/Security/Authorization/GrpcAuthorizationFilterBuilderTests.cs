using Envoy.Extensions.Filters.Http.Rbac.V3;
using Istiod.Net.Security.Authorization;
using Istiod.Net.Security.Authorization.Simulation;
using Istiod.Net.Tests.Infrastructure;

namespace Istiod.Net.Tests.Security.Authorization;

/// <summary>The proxyless gRPC variant: only what gRPC's xDS RBAC accepts (gRFC A41), with the same decisions where it can decide.</summary>
public sealed class GrpcAuthorizationFilterBuilderTests
{
    private const string Policies = """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: allow-echo, namespace: foo}
        spec:
          rules:
          - from: [{source: {principals: ["cluster.local/ns/bar/sa/client"]}}]
            to: [{operation: {paths: ["/echo.Echo/*"]}}]
          - to: [{operation: {paths: ["/users/{*}/profile"]}}]
        ---
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: deny-admin, namespace: foo}
        spec:
          action: DENY
          rules:
          - to: [{operation: {paths: ["/echo.Echo/Admin"]}}]
          - to: [{operation: {paths: ["/echo.Echo/Slow"]}}]
            when: [{key: "request.headers[grpc-timeout]", values: ["1S"]}]
        ---
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: audit, namespace: foo}
        spec:
          action: AUDIT
          rules: [{}]
        ---
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata:
          name: dry
          namespace: foo
          annotations: {"istio.io/dry-run": "true"}
        spec: {}
        """;

    private const string CustomPolicy = """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: ext, namespace: foo}
        spec:
          action: CUSTOM
          provider: {name: opa}
          rules: [{to: [{operation: {paths: ["/secure/*"]}}]}]

        """;

    [Test]
    public void Only_deny_and_allow_filters_without_shadow_rules_or_templates_are_built()
    {
        var filters = GrpcAuthorizationFilterBuilder.Build(PolicySnapshots.FromYaml(Policies), AuthzScenario.Httpbin, AuthzOptions.Default);
        var configs = filters.Select(f => f.TypedConfig.Unpack<RBAC>()).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(configs.Select(c => c.Rules.Action), Is.EqualTo(new[] { Envoy.Config.Rbac.V3.RBAC.Types.Action.Deny, Envoy.Config.Rbac.V3.RBAC.Types.Action.Allow }));
            Assert.That(configs.Select(c => c.ShadowRules), Is.All.Null);
            Assert.That(configs.Select(c => c.ToString()), Has.None.Contains("uriTemplate").And.None.Contains("grpc-timeout"));
            // The template rule cannot be checked by gRPC, so the ALLOW keeps only the first rule.
            Assert.That(configs[1].Rules.Policies.Keys, Is.EqualTo(new[] { "ns[foo]-policy[allow-echo]-rule[0]" }));
        });
    }

    [Test]
    public void Decisions_match_the_envoy_filters_for_what_grpc_can_see()
    {
        var snapshot = PolicySnapshots.FromYaml(Policies);
        var grpc = GrpcAuthorizationFilterBuilder.Build(snapshot, AuthzScenario.Httpbin, AuthzOptions.Default);
        var client = new AuthzRequest { PeerPrincipal = "spiffe://cluster.local/ns/bar/sa/client", Method = "POST", Path = "/echo.Echo/Say" };
        Assert.Multiple(() =>
        {
            Assert.That(FilterChainSimulator.RunHttp(grpc, client).Allowed, Is.True);
            Assert.That(FilterChainSimulator.RunHttp(grpc, client with { Path = "/echo.Echo/Admin" }).Allowed, Is.False, "denied method");
            Assert.That(FilterChainSimulator.RunHttp(grpc, client with { Path = "/echo.Echo/Slow" }).Allowed, Is.False, "a DENY condition gRPC cannot check widens the rule");
            Assert.That(FilterChainSimulator.RunHttp(grpc, client with { PeerPrincipal = "spiffe://cluster.local/ns/bar/sa/other" }).Allowed, Is.False, "other principal");
        });
    }

    [Test]
    public void Every_filter_has_its_own_name_as_grpc_requires()
    {
        var filters = GrpcAuthorizationFilterBuilder.Build(PolicySnapshots.FromYaml(CustomPolicy + "---\n" + Policies), AuthzScenario.Httpbin, AuthzOptions.Default);

        // gRPC NACKs a listener with two HTTP filters of one name (gRFC A39); here CUSTOM, DENY and ALLOW are all present.
        Assert.That(filters.Select(f => f.Name), Is.EqualTo(new[]
        {
            GrpcAuthorizationFilterBuilder.CustomFilterName, GrpcAuthorizationFilterBuilder.DenyFilterName, GrpcAuthorizationFilterBuilder.AllowFilterName,
        }));
    }

    [Test]
    public void Custom_policies_fail_closed_for_grpc()
    {
        var snapshot = PolicySnapshots.FromYaml(CustomPolicy);
        var grpc = GrpcAuthorizationFilterBuilder.Build(snapshot, AuthzScenario.Httpbin, AuthzOptions.Default);
        Assert.Multiple(() =>
        {
            Assert.That(FilterChainSimulator.RunHttp(grpc, new AuthzRequest { Path = "/secure/x", ExtAuthzAllows = true }).Allowed, Is.False);
            Assert.That(FilterChainSimulator.RunHttp(grpc, new AuthzRequest { Path = "/open" }).Allowed, Is.True);
        });
    }
}
