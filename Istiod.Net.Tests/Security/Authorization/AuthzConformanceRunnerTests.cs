using Istiod.Net.Config.Parsing;
using Istiod.Net.Security.Authorization.Conformance;

namespace Istiod.Net.Tests.Security.Authorization;

/// <summary>
/// The conformance runner on cases written here (the project's tests do not read ../shared): an
/// expected filter that decides like ours passes though its bytes differ, one that decides differently fails.
/// </summary>
public sealed class AuthzConformanceRunnerTests
{
    private const string Input = """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: p, namespace: foo}
        spec:
          selector: {matchLabels: {app: httpbin}}
          rules:
          - from: [{source: {namespaces: ["bar"], ipBlocks: ["10.1.0.0/16"]}}]
            to: [{operation: {methods: ["GET"], paths: ["/api/*"]}}]
        """;

    // Same decisions, different shape: regex where we use prefix, one flat AND.
    private const string Equivalent = """
        name: envoy.filters.http.rbac
        typedConfig:
          '@type': type.googleapis.com/envoy.extensions.filters.http.rbac.v3.RBAC
          rules:
            policies:
              only-one:
                permissions:
                - andRules:
                    rules:
                    - header: {name: ":method", stringMatch: {exact: GET}}
                    - urlPath: {path: {safeRegex: {regex: "/api/.*"}}}
                principals:
                - andIds:
                    ids:
                    - authenticated: {principalName: {safeRegex: {regex: ".*/ns/bar/.*"}}}
                    - directRemoteIp: {addressPrefix: 10.1.0.0, prefixLen: 16}
        """;

    // Forgets the IP block: allows more.
    private const string Wider = """
        name: envoy.filters.http.rbac
        typedConfig:
          '@type': type.googleapis.com/envoy.extensions.filters.http.rbac.v3.RBAC
          rules:
            policies:
              wider:
                permissions:
                - andRules:
                    rules:
                    - header: {name: ":method", stringMatch: {exact: GET}}
                    - urlPath: {path: {prefix: "/api/"}}
                principals:
                - authenticated: {principalName: {safeRegex: {regex: ".*/ns/bar/.*"}}}
        """;

    [Test]
    public void Equivalent_filters_pass_and_different_ones_fail()
    {
        var dir = Directory.CreateTempSubdirectory("authz-conformance-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "http"));
            File.WriteAllText(Path.Combine(dir, "http", "same-in.yaml"), Input);
            File.WriteAllText(Path.Combine(dir, "http", "same-out.yaml"), Equivalent);
            File.WriteAllText(Path.Combine(dir, "http", "wider-in.yaml"), Input);
            File.WriteAllText(Path.Combine(dir, "http", "wider-out.yaml"), Wider);
            File.WriteAllText(Path.Combine(dir, "http", "extended-same-out.yaml"), Equivalent);

            var (results, extended) = AuthzConformanceRunner.Run(dir, randomRequests: 50);
            var byName = results.ToDictionary(r => r.Case.Name);
            Assert.Multiple(() =>
            {
                Assert.That(extended, Is.EqualTo(1));
                Assert.That(byName["same"].Passed, Is.True, string.Join("\n", byName["same"].Disagreements));
                Assert.That(byName["same"].Requests, Is.GreaterThan(20));
                Assert.That(byName["wider"].Passed, Is.False);
                Assert.That(byName["wider"].Disagreements, Has.Some.Contains("source.ip"));
            });

            using var output = new StringWriter();
            AuthzConformanceReport.Write(results, extended, output, verbose: false);
            Assert.That(output.ToString(), Does.Contain("1/2 cases equivalent"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void A_malformed_expected_file_is_an_error_of_that_case()
    {
        var dir = Directory.CreateTempSubdirectory("authz-conformance-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "tcp"));
            File.WriteAllText(Path.Combine(dir, "tcp", "bad-in.yaml"), Input);
            File.WriteAllText(Path.Combine(dir, "tcp", "bad-out.yaml"), "name: x\ntypedConfig: {'@type': type.googleapis.com/no.such.Type}\n");
            var result = AuthzConformanceRunner.RunOne(AuthzConformanceCatalog.Discover(dir).Cases.Single(), new ConfigParser(), 10);
            Assert.Multiple(() =>
            {
                Assert.That(result.Passed, Is.False);
                Assert.That(result.Error, Is.Not.Null);
            });
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
