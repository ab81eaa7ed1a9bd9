using Istiod.Net.Cli;
using Istiod.Net.Config.Parsing;
using Istiod.Net.Config.Schema;
using Istiod.Net.Security.Authorization.Simulation;

namespace Istiod.Net.Tests.Security.Authorization.Legacy;

/// <summary>The seeds' RBAC: accepted with a deprecation warning, enforced through the same RBAC filters, and rewritten by <c>istiod-net convert</c>.</summary>
public sealed class LegacyRbacTests
{
    private const string Legacy = """
        apiVersion: rbac.istio.io/v1alpha1
        kind: ClusterRbacConfig
        metadata: {name: default}
        spec:
          mode: ON_WITH_INCLUSION
          inclusion: {namespaces: [foo]}
        ---
        apiVersion: rbac.istio.io/v1alpha1
        kind: ServiceRole
        metadata: {name: httpbin-viewer, namespace: foo}
        spec:
          rules:
          - services: ["httpbin.foo.svc.cluster.local"]
            methods: ["GET"]
            paths: ["/status/*"]
        ---
        apiVersion: rbac.istio.io/v1alpha1
        kind: ServiceRoleBinding
        metadata: {name: bind-viewer, namespace: foo}
        spec:
          subjects:
          - user: "cluster.local/ns/bar/sa/client"
          - properties:
              request.auth.claims[role]: "auditor"
          roleRef: {kind: ServiceRole, name: httpbin-viewer}
        """;

    private static readonly AuthzRequest Client = new()
    {
        PeerPrincipal = "spiffe://cluster.local/ns/bar/sa/client",
        Host = "httpbin:8000",
        Method = "GET",
        Path = "/status/200",
    };

    [Test]
    public void Legacy_kinds_are_accepted_with_a_deprecation_warning()
    {
        var results = new ConfigParser().ParseYaml(Legacy, "legacy.yaml");
        Assert.Multiple(() =>
        {
            Assert.That(results.Select(r => r.Outcome), Is.All.EqualTo(ParseOutcome.Accepted));
            Assert.That(results.Select(r => r.Kind), Is.EqualTo(new[] { "ClusterRbacConfig", "ServiceRole", "ServiceRoleBinding" }));
            Assert.That(results.SelectMany(r => r.Warnings).Select(w => w.Message), Has.Some.Contains("ServiceRole is deprecated: use AuthorizationPolicy"));
        });
    }

    [Test]
    public void An_incomplete_binding_is_rejected_with_its_field()
    {
        var results = new ConfigParser().ParseYaml("""
            apiVersion: rbac.istio.io/v1alpha1
            kind: ServiceRoleBinding
            metadata: {name: broken, namespace: foo}
            spec:
              subjects: [{user: "x"}]
              roleRef: {kind: ClusterRole, name: r}
            """, "broken.yaml");
        Assert.That(results.Single().Errors.Select(e => e.Path), Has.Member("spec.roleRef.kind"));
    }

    [Test]
    public void Bindings_are_enforced_like_the_equivalent_authorization_policy()
    {
        var scenario = new AuthzScenario(Legacy);
        Assert.Multiple(() =>
        {
            Assert.That(scenario.Allows(Client), Is.True, "the bound principal, a role path and method");
            Assert.That(scenario.Allows(Client with { Host = "httpbin.foo.svc.cluster.local" }), Is.True);
            Assert.That(scenario.Allows(Client with { Method = "POST" }), Is.False, "method outside the role");
            Assert.That(scenario.Allows(Client with { PeerPrincipal = "spiffe://cluster.local/ns/bar/sa/other" }), Is.False, "deny by default");
            Assert.That(scenario.Allows(Client with { PeerPrincipal = null, VerifiedJwtPayload = new() { ["role"] = "auditor" } }), Is.True, "the property subject");
            Assert.That(scenario.Allows(Client with { Host = "other:8000" }), Is.False, "another service");
        });
    }

    [Test]
    public void Rbac_off_enforces_nothing()
    {
        var scenario = new AuthzScenario(Legacy.Replace("mode: ON_WITH_INCLUSION", "mode: OFF", StringComparison.Ordinal));
        Assert.That(scenario.Allows(Client with { Method = "DELETE", PeerPrincipal = null }), Is.True);
    }

    [Test]
    public void Convert_prints_authorization_policies_that_parse_and_behave_the_same()
    {
        var file = Path.Combine(Path.GetTempPath(), $"legacy-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, Legacy);
        try
        {
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            var exit = ConvertCommand.Run([file], "istio-system", TextReader.Null, stdout, stderr);
            var yaml = stdout.ToString();
            var parsed = new ConfigParser().ParseYaml(yaml, "converted.yaml");
            Assert.Multiple(() =>
            {
                Assert.That(exit, Is.EqualTo(0), stderr.ToString());
                Assert.That(parsed.Select(p => p.Outcome), Is.All.EqualTo(ParseOutcome.Accepted), yaml);
                Assert.That(parsed.Select(p => p.Kind), Is.All.EqualTo(ConfigSchemas.AuthorizationPolicy.Kind));
                Assert.That(parsed.Select(p => p.Name), Is.EquivalentTo(new[] { "rbac-default-deny", "bind-viewer" }));
            });

            // The printed policies, applied on their own, decide as the legacy objects did.
            var converted = new AuthzScenario(yaml);
            foreach (var request in new[] { Client, Client with { Method = "POST" }, Client with { PeerPrincipal = "spiffe://cluster.local/ns/x/sa/y" } })
            {
                Assert.That(converted.Allows(request), Is.EqualTo(new AuthzScenario(Legacy).Allows(request)), request.ToString());
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public void Constraints_without_an_equivalent_drop_their_rule_and_say_so()
    {
        var file = Path.Combine(Path.GetTempPath(), $"legacy-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, """
            apiVersion: rbac.istio.io/v1alpha1
            kind: ServiceRole
            metadata: {name: r, namespace: foo}
            spec:
              rules:
              - services: ["*"]
                constraints: [{key: "destination.labels[version]", values: ["v1"]}]
            ---
            apiVersion: rbac.istio.io/v1alpha1
            kind: ServiceRoleBinding
            metadata: {name: b, namespace: foo}
            spec:
              subjects: [{user: "*"}]
              roleRef: {kind: ServiceRole, name: r}
            """);
        try
        {
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            ConvertCommand.Run([file], "istio-system", TextReader.Null, stdout, stderr);
            Assert.Multiple(() =>
            {
                Assert.That(stderr.ToString(), Does.Contain("destination.labels[version]").And.Contain("dropped"));
                Assert.That(new AuthzScenario(stdout.ToString()).Allows(Client), Is.False, "a dropped ALLOW rule allows less, never more");
            });
        }
        finally
        {
            File.Delete(file);
        }
    }
}
