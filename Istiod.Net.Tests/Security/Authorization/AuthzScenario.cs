using Istiod.Net.Config.Store;
using Istiod.Net.Security.Authorization;
using Istiod.Net.Security.Authorization.Simulation;
using Istiod.Net.Tests.Infrastructure;

namespace Istiod.Net.Tests.Security.Authorization;

/// <summary>
/// Policies as YAML, built for the httpbin workload in namespace foo, and requests run through the
/// generated filters by the simulator: tests say what is allowed, not what bytes come out.
/// </summary>
public sealed class AuthzScenario
{
    public static readonly AuthzWorkload Httpbin = new()
    {
        Namespace = "foo",
        Labels = new Dictionary<string, string> { ["app"] = "httpbin", ["version"] = "v1" },
    };

    public AuthzScenario(string yaml, AuthzOptions? options = null, AuthzWorkload? workload = null)
    {
        Snapshot = yaml.Length == 0 ? ConfigSnapshot.Empty : PolicySnapshots.FromYaml(yaml);
        Filters = AuthorizationFilterBuilder.Build(Snapshot, workload ?? Httpbin, options ?? AuthzOptions.Default);
    }

    public ConfigSnapshot Snapshot { get; }

    public AuthorizationFilters Filters { get; }

    public AuthzDecision Http(AuthzRequest request) => FilterChainSimulator.RunHttp(Filters.Http, request);

    public AuthzDecision Tcp(AuthzRequest request) => FilterChainSimulator.RunTcp(Filters.Network, request);

    public bool Allows(AuthzRequest request) => Http(request).Allowed;

    /// <summary>One ALLOW policy for httpbin whose single rule is the given YAML (indented under <c>rules:</c>).</summary>
    public static string AllowRule(string rule, string action = "ALLOW", string name = "p", string ns = "foo") => $"""
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata:
          name: {name}
          namespace: {ns}
        spec:
          action: {action}
          selector:
            matchLabels:
              app: httpbin
          rules:
        {rule}
        """;
}
