using Envoy.Extensions.Filters.Http.Rbac.V3;
using Istiod.Net.Security.Authorization;
using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Xds.Validation;

namespace Istiod.Net.Tests.Security.Authorization;

/// <summary>
/// RBAC filters must keep Envoy's validate rules: a listener breaking one is not served at all (the rules
/// gate leaves it out), so a policy would cut a workload off. One rule a translation can easily break is
/// or_match's "at least two matchers", for conditions on metadata with a single value.
/// </summary>
public sealed class AuthorizationValidateRulesTests
{
    private static readonly ProtoRulesChecker Checker = new();

    [TestCase("request.auth.claims[groups]", "values", "admin")]
    [TestCase("request.auth.claims[groups]", "notValues", "guest")]
    [TestCase("request.auth.claims[realm][role]", "values", "admin")]
    [TestCase("request.auth.audiences", "values", "cart")]
    [TestCase("request.auth.presenter", "notValues", "web")]
    [TestCase("experimental.envoy.filters.network.mysql_proxy[db.table]", "values", "[update]")]
    [TestCase("experimental.envoy.filters.network.mysql_proxy[db.table]", "notValues", "select")]
    public void A_condition_with_one_value_keeps_the_validate_rules(string key, string field, string value)
    {
        var rbac = HttpRbac(key, field, [value]);

        Assert.That(rbac.Rules.Policies, Has.Count.EqualTo(1), "the rule must have been translated, or this test proves nothing");
        Assert.That(Checker.Check(rbac).Select(v => v.ToString()), Is.Empty);
    }

    [Test]
    public void A_condition_with_two_values_still_matches_either()
    {
        var rbac = HttpRbac("request.auth.claims[groups]", "values", ["admin", "ops"]);

        Assert.That(Checker.Check(rbac).Select(v => v.ToString()), Is.Empty);
        Assert.That(rbac.Rules.ToString(), Does.Contain("orMatch").And.Contain("\"admin\"").And.Contain("\"ops\""));
    }

    private static RBAC HttpRbac(string key, string field, string[] values)
    {
        var list = string.Join(", ", values.Select(v => $"\"{v}\""));
        var yaml = $$"""
            apiVersion: security.istio.io/v1
            kind: AuthorizationPolicy
            metadata: {name: conditions, namespace: foo}
            spec:
              rules:
              - when: [{key: "{{key}}", {{field}}: [{{list}}]}]
            """;
        var filters = AuthorizationFilterBuilder.Build(PolicySnapshots.FromYaml(yaml), AuthzScenario.Httpbin, AuthzOptions.Default);
        return filters.Http.Select(f => f.TypedConfig).Where(t => t.Is(RBAC.Descriptor)).Select(t => t.Unpack<RBAC>()).Single();
    }
}
