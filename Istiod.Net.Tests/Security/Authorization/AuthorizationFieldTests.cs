using System.Text.Json.Nodes;
using Istiod.Net.Security.Authorization.Simulation;

namespace Istiod.Net.Tests.Security.Authorization;

/// <summary>
/// Every field of an AuthorizationPolicy rule, one at a time: as the only rule of an ALLOW policy it must
/// let the matching request through and stop the other; as a DENY policy, the reverse.
/// </summary>
public sealed class AuthorizationFieldTests
{
    private static readonly AuthzRequest Base = new() { PeerPrincipal = "spiffe://cluster.local/ns/bar/sa/client" };

    private static AuthzRequest Peer(string? principal) => Base with { PeerPrincipal = principal };

    private static AuthzRequest Jwt(string json) => Base with { VerifiedJwtPayload = JsonNode.Parse(json)!.AsObject() };

    public static IEnumerable<FieldCase> Cases() =>
    [
        new("principals exact", Source("principals: [\"cluster.local/ns/bar/sa/client\"]"), Base, Peer("spiffe://cluster.local/ns/bar/sa/other")),
        new("principals prefix", Source("principals: [\"cluster.local/ns/bar/*\"]"), Base, Peer("spiffe://cluster.local/ns/baz/sa/client")),
        new("principals suffix", Source("principals: [\"*/sa/client\"]"), Base, Peer("spiffe://cluster.local/ns/bar/sa/clientx")),
        new("principals any authenticated", Source("principals: [\"*\"]"), Base, Peer(null)),
        new("notPrincipals", Source("notPrincipals: [\"cluster.local/ns/bar/sa/blocked\"]"), Base, Peer("spiffe://cluster.local/ns/bar/sa/blocked")),
        new("namespaces", Source("namespaces: [\"bar\"]"), Base, Peer("spiffe://cluster.local/ns/baz/sa/client")),
        new("namespaces wildcard", Source("namespaces: [\"ba*\"]"), Base, Peer("spiffe://cluster.local/ns/qux/sa/client")),
        new("notNamespaces", Source("notNamespaces: [\"baz\"]"), Base, Peer("spiffe://cluster.local/ns/baz/sa/client")),
        new("serviceAccounts with namespace", Source("serviceAccounts: [\"bar/client\"]"), Base, Peer("spiffe://cluster.local/ns/bar/sa/clientx")),
        new("serviceAccounts default to the policy namespace", Source("serviceAccounts: [\"client\"]"), Peer("spiffe://cluster.local/ns/foo/sa/client"), Base),
        new("notServiceAccounts", Source("notServiceAccounts: [\"bar/client\"]"), Peer("spiffe://cluster.local/ns/bar/sa/other"), Base),
        new("trustDomains", Source("trustDomains: [\"cluster.local\"]"), Base, Peer("spiffe://other.td/ns/bar/sa/client")),
        new("notTrustDomains", Source("notTrustDomains: [\"evil*\"]"), Base, Peer("spiffe://evil.td/ns/bar/sa/client")),
        new("ipBlocks", Source("ipBlocks: [\"10.1.0.0/16\"]"), Base with { SourceIp = "10.1.2.3" }, Base with { SourceIp = "10.2.2.3" }),
        new("notIpBlocks", Source("notIpBlocks: [\"10.1.2.3\"]"), Base with { SourceIp = "10.1.2.4" }, Base with { SourceIp = "10.1.2.3" }),
        new("remoteIpBlocks", Source("remoteIpBlocks: [\"203.0.113.0/24\"]"), Base with { RemoteIp = "203.0.113.9" }, Base with { RemoteIp = "203.0.114.9" }),
        new("notRemoteIpBlocks", Source("notRemoteIpBlocks: [\"203.0.113.9\"]"), Base with { RemoteIp = "203.0.113.8" }, Base with { RemoteIp = "203.0.113.9" }),
        new("requestPrincipals", Source("requestPrincipals: [\"https://issuer.example/alice\"]"),
            Jwt("""{"iss":"https://issuer.example","sub":"alice"}"""), Jwt("""{"iss":"https://issuer.example","sub":"bob"}""")),
        new("requestPrincipals issuer wildcard", Source("requestPrincipals: [\"https://issuer.example/*\"]"),
            Jwt("""{"iss":"https://issuer.example","sub":"bob"}"""), Jwt("""{"iss":"https://other.example","sub":"bob"}""")),
        new("requestPrincipals any", Source("requestPrincipals: [\"*\"]"), Jwt("""{"iss":"i","sub":"s"}"""), Base),
        new("notRequestPrincipals", Source("notRequestPrincipals: [\"i/mallory\"]"), Jwt("""{"iss":"i","sub":"alice"}"""), Jwt("""{"iss":"i","sub":"mallory"}""")),
        new("hosts exact, case-insensitive", To("hosts: [\"api.example.com\"]"), Base with { Host = "API.example.com" }, Base with { Host = "www.example.com" }),
        new("hosts suffix", To("hosts: [\"*.example.com\"]"), Base with { Host = "a.example.com" }, Base with { Host = "example.org" }),
        new("hosts prefix", To("hosts: [\"api.*\"]"), Base with { Host = "api.example.org" }, Base with { Host = "www.example.org" }),
        new("notHosts", To("notHosts: [\"admin.example.com\"]"), Base with { Host = "api.example.com" }, Base with { Host = "admin.example.com" }),
        new("ports", To("ports: [\"8080\"]"), Base with { DestinationPort = 8080 }, Base with { DestinationPort = 8081 }),
        new("notPorts", To("notPorts: [\"9090\"]"), Base with { DestinationPort = 8080 }, Base with { DestinationPort = 9090 }),
        new("methods", To("methods: [\"GET\", \"HEAD\"]"), Base with { Method = "HEAD" }, Base with { Method = "POST" }),
        new("notMethods", To("notMethods: [\"DELETE\"]"), Base with { Method = "GET" }, Base with { Method = "DELETE" }),
        new("paths exact (query ignored)", To("paths: [\"/api/v1\"]"), Base with { Path = "/api/v1?x=1" }, Base with { Path = "/api/v1/x" }),
        new("paths prefix", To("paths: [\"/api/*\"]"), Base with { Path = "/api/v2/users" }, Base with { Path = "/apix" }),
        new("paths suffix", To("paths: [\"*/status\"]"), Base with { Path = "/a/b/status" }, Base with { Path = "/a/b/statusx" }),
        new("paths presence", To("paths: [\"*\"]"), Base with { Path = "/anything" }, Base with { Path = "" }),
        new("paths template {*}", To("paths: [\"/users/{*}/profile\"]"), Base with { Path = "/users/42/profile" }, Base with { Path = "/users/42/x/profile" }),
        new("paths template {**}", To("paths: [\"/files/{**}\"]"), Base with { Path = "/files/a/b/c" }, Base with { Path = "/other/a" }),
        new("notPaths", To("notPaths: [\"/admin/*\"]"), Base with { Path = "/public" }, Base with { Path = "/admin/x" }),
        new("when request.headers", When("request.headers[x-tenant]", "values: [\"blue\"]"),
            Base with { Headers = new Dictionary<string, string> { ["X-Tenant"] = "blue" } }, Base with { Headers = new Dictionary<string, string> { ["x-tenant"] = "green" } }),
        new("when request.headers presence", When("request.headers[x-token]", "values: [\"*\"]"),
            Base with { Headers = new Dictionary<string, string> { ["x-token"] = "" } }, Base),
        new("when request.headers notValues", When("request.headers[x-tenant]", "notValues: [\"red\"]"),
            Base with { Headers = new Dictionary<string, string> { ["x-tenant"] = "blue" } }, Base with { Headers = new Dictionary<string, string> { ["x-tenant"] = "red" } }),
        new("when source.ip", When("source.ip", "values: [\"10.0.0.0/8\"]"), Base with { SourceIp = "10.9.9.9" }, Base with { SourceIp = "11.0.0.1" }),
        new("when remote.ip", When("remote.ip", "values: [\"2001:db8::/32\"]"), Base with { RemoteIp = "2001:db8::1" }, Base with { RemoteIp = "2001:db9::1" }),
        new("when source.namespace", When("source.namespace", "values: [\"bar\"]"), Base, Peer("spiffe://cluster.local/ns/baz/sa/client")),
        new("when source.principal", When("source.principal", "values: [\"cluster.local/ns/bar/sa/client\"]"), Base, Peer("spiffe://cluster.local/ns/bar/sa/x")),
        new("when request.auth.principal", When("request.auth.principal", "values: [\"i/alice\"]"), Jwt("""{"iss":"i","sub":"alice"}"""), Jwt("""{"iss":"i","sub":"eve"}""")),
        new("when request.auth.audiences (list claim)", When("request.auth.audiences", "values: [\"api\"]"), Jwt("""{"aud":["web","api"]}"""), Jwt("""{"aud":["web"]}""")),
        new("when request.auth.audiences (string claim)", When("request.auth.audiences", "values: [\"api\"]"), Jwt("""{"aud":"api"}"""), Jwt("""{"aud":"apix"}""")),
        new("when request.auth.presenter", When("request.auth.presenter", "values: [\"client-*\"]"), Jwt("""{"azp":"client-1"}"""), Jwt("""{"azp":"web"}""")),
        new("when request.auth.claims", When("request.auth.claims[groups]", "values: [\"admins\"]"), Jwt("""{"groups":["dev","admins"]}"""), Jwt("""{"groups":["dev"]}""")),
        new("when nested claims", When("request.auth.claims[realm][role]", "values: [\"ops\"]"), Jwt("""{"realm":{"role":"ops"}}"""), Jwt("""{"realm":{"role":"dev"}}""")),
        new("when claims notValues", When("request.auth.claims[tier]", "notValues: [\"free\"]"), Jwt("""{"tier":"gold"}"""), Jwt("""{"tier":"free"}""")),
        new("when destination.ip", When("destination.ip", "values: [\"10.0.0.2\"]"), Base, Base with { DestinationIp = "10.0.0.3" }),
        new("when destination.port", When("destination.port", "values: [\"80\"]"), Base, Base with { DestinationPort = 81 }),
        new("when connection.sni", When("connection.sni", "values: [\"*.example.com\"]"), Base with { Sni = "a.example.com" }, Base with { Sni = "a.example.org" }),
        new("when experimental.envoy.filters", When("experimental.envoy.filters.geo.lookup[country]", "values: [\"NL\"]"),
            Base with { FilterMetadata = new Dictionary<string, JsonObject> { ["envoy.filters.geo.lookup"] = new() { ["country"] = "NL" } } },
            Base with { FilterMetadata = new Dictionary<string, JsonObject> { ["envoy.filters.geo.lookup"] = new() { ["country"] = "BE" } } }),
    ];

    [TestCaseSource(nameof(Cases))]
    public void Allow_rule_admits_only_what_the_field_matches(FieldCase test)
    {
        var scenario = new AuthzScenario(AuthzScenario.AllowRule(test.Rule));
        Assert.Multiple(() =>
        {
            Assert.That(scenario.Http(test.Matching).Allowed, Is.True, "matching request");
            Assert.That(scenario.Http(test.NotMatching).Allowed, Is.False, "other request");
        });
    }

    [TestCaseSource(nameof(Cases))]
    public void Deny_rule_refuses_only_what_the_field_matches(FieldCase test)
    {
        var scenario = new AuthzScenario(AuthzScenario.AllowRule(test.Rule, action: "DENY"));
        Assert.Multiple(() =>
        {
            Assert.That(scenario.Http(test.Matching).Allowed, Is.False, "matching request");
            Assert.That(scenario.Http(test.NotMatching).Allowed, Is.True, "other request");
        });
    }

    private static string Source(string field) => $"""
          - from:
            - source:
                {field}
        """;

    private static string To(string field) => $"""
          - to:
            - operation:
                {field}
        """;

    private static string When(string key, string values) => $"""
          - when:
            - key: "{key}"
              {values}
        """;
}
