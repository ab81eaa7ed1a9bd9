using System.Text.Json.Nodes;
using Istiod.Net.Security.Authorization;
using Istiod.Net.Security.Authorization.Simulation;
using Istiod.Net.Security.RequestAuthn;
using Istiod.Net.Tests.Grpc;
using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Tests.Security.Authorization;

namespace Istiod.Net.Tests.Security.RequestAuthn;

/// <summary>
/// RequestAuthentication end to end through the generated jwt_authn and RBAC filters: tokens signed by
/// keys the test makes, verified with the key set the config carries (inline, or fetched from a real
/// HTTP server by the control plane).
/// </summary>
public sealed class JwtAuthenticationTests
{
    private TestIssuer _rsa = null!;
    private TestIssuer _ec = null!;

    [SetUp]
    public void SetUp()
    {
        _rsa = TestIssuer.Rsa("https://rsa.issuer.test");
        _ec = TestIssuer.Ec("https://ec.issuer.test");
    }

    [TearDown]
    public void TearDown()
    {
        _rsa.Dispose();
        _ec.Dispose();
    }

    [Test]
    public void Valid_tokens_pass_and_their_claims_match_when_conditions()
    {
        var filters = Build(InlineRule(_rsa) + "\n---\n" + InlineRule(_ec) + "\n---\n" + RequireGroup);
        var admins = new JsonObject { ["groups"] = new JsonArray("dev", "admins") };
        Assert.Multiple(() =>
        {
            Assert.That(Run(filters, _rsa.Token("alice", extra: admins)).Allowed, Is.True);
            Assert.That(Run(filters, _ec.Token("bob", extra: admins)).Allowed, Is.True);
            var developer = Run(filters, _rsa.Token("carol", extra: new JsonObject { ["groups"] = new JsonArray("dev") }));
            Assert.That(developer.Status, Is.EqualTo(403), "authenticated, but the claim does not satisfy the ALLOW policy");
        });
    }

    [Test]
    public void Request_principal_is_issuer_slash_subject()
    {
        var filters = Build(InlineRule(_rsa) + "\n---\n" + AuthzScenario.AllowRule($"  - from: [{{source: {{requestPrincipals: [\"{_rsa.Issuer}/alice\"]}}}}]"));
        Assert.Multiple(() =>
        {
            Assert.That(Run(filters, _rsa.Token("alice")).Allowed, Is.True);
            Assert.That(Run(filters, _rsa.Token("mallory")).Status, Is.EqualTo(403));
            Assert.That(Run(filters, null).Status, Is.EqualTo(403), "no token: authentication passes, the policy requiring a principal does not");
        });
    }

    [Test]
    public void Bad_tokens_are_refused_and_a_missing_token_passes_authentication()
    {
        var filters = Build(InlineRule(_rsa));
        using var stranger = TestIssuer.Rsa(_rsa.Issuer);
        Assert.Multiple(() =>
        {
            Assert.That(Run(filters, null).Allowed, Is.True, "no token");
            Assert.That(Run(filters, _rsa.Token("alice")).Allowed, Is.True, "good token");
            Assert.That(Run(filters, _rsa.Token("alice", expires: DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds())).Status, Is.EqualTo(401), "expired");
            Assert.That(Run(filters, _rsa.Token("alice", issuer: "https://evil.test")).Status, Is.EqualTo(401), "wrong issuer");
            Assert.That(Run(filters, _rsa.Token("alice", audience: "other")).Status, Is.EqualTo(401), "wrong audience");
            Assert.That(Run(filters, stranger.Token("alice")).Status, Is.EqualTo(401), "signed by another key");
            Assert.That(Run(filters, "not.a.jwt").Status, Is.EqualTo(401), "garbage");
        });
    }

    [Test]
    public void Tokens_are_read_from_the_configured_header_parameter_or_cookie()
    {
        var filters = Build($$"""
            apiVersion: security.istio.io/v1
            kind: RequestAuthentication
            metadata: {name: jwt, namespace: foo}
            spec:
              jwtRules:
              - issuer: {{_rsa.Issuer}}
                jwks: '{{_rsa.Jwks}}'
                fromHeaders: [{name: x-jwt, prefix: "Token "}]
                fromParams: [tok]
                fromCookies: [session]
                outputPayloadToHeader: x-jwt-payload
                forwardOriginalToken: true
                outputClaimToHeaders: [{header: x-sub, claim: sub}]
            ---
            {{AuthzScenario.AllowRule("  - from: [{source: {requestPrincipals: [\"*\"]}}]")}}
            """);
        var token = _rsa.Token("alice", audience: null);
        Assert.Multiple(() =>
        {
            Assert.That(FilterChainSimulator.RunHttp(filters, new AuthzRequest { Headers = Headers("x-jwt", "Token " + token) }).Allowed, Is.True, "header");
            Assert.That(FilterChainSimulator.RunHttp(filters, new AuthzRequest { Path = "/x?tok=" + token }).Allowed, Is.True, "parameter");
            Assert.That(FilterChainSimulator.RunHttp(filters, new AuthzRequest { Headers = Headers("cookie", "a=b; session=" + token) }).Allowed, Is.True, "cookie");
            Assert.That(FilterChainSimulator.RunHttp(filters, new AuthzRequest { Headers = Headers("authorization", "Bearer " + token) }).Status, Is.EqualTo(403),
                "the default Authorization header is not looked at once locations are configured");
        });
        var provider = JwtConfig(filters).Providers.Values.Single();
        Assert.Multiple(() =>
        {
            Assert.That(provider.ForwardPayloadHeader, Is.EqualTo("x-jwt-payload"));
            Assert.That(provider.Forward, Is.True);
            Assert.That(provider.ClaimToHeaders.Single().HeaderName, Is.EqualTo("x-sub"));
            Assert.That(provider.PayloadInMetadata, Is.EqualTo("payload"));
        });
    }

    [Test]
    public async Task Jwks_uri_is_fetched_by_the_control_plane_and_inlined()
    {
        await using var server = await JwksServer.StartAsync(_rsa.Jwks).DefaultTimeout();
        using var http = new HttpClient();
        var resolver = new JwksResolver(http);
        var yaml = $$"""
            apiVersion: security.istio.io/v1
            kind: RequestAuthentication
            metadata: {name: jwt, namespace: foo}
            spec:
              jwtRules:
              - issuer: {{_rsa.Issuer}}
                jwksUri: {{server.Uri}}
            """;
        var before = Build(yaml, resolver);
        Assert.That(Run(before, _rsa.Token("alice", audience: null)).Status, Is.EqualTo(401), "keys not fetched yet: the issuer's tokens are refused");

        Assert.That(await resolver.ResolveAsync(server.Uri, CancellationToken.None).DefaultTimeout(), Is.EqualTo(_rsa.Jwks));
        var after = Build(yaml, resolver);
        Assert.Multiple(() =>
        {
            Assert.That(Run(after, _rsa.Token("alice", audience: null)).Allowed, Is.True);
            Assert.That(server.Requests, Is.GreaterThanOrEqualTo(1));
            Assert.That(JwtConfig(after).Providers.Values.Single().LocalJwks.InlineString, Is.EqualTo(_rsa.Jwks));
        });
    }

    [Test]
    public async Task A_failed_fetch_yields_a_key_set_that_refuses_the_issuers_tokens()
    {
        await using var server = await JwksServer.StartAsync(_rsa.Jwks, status: 500).DefaultTimeout();
        using var http = new HttpClient();
        var resolver = new JwksResolver(http);
        Assert.That(await resolver.ResolveAsync(server.Uri, CancellationToken.None).DefaultTimeout(), Is.Null);
        var filters = Build($$"""
            apiVersion: security.istio.io/v1
            kind: RequestAuthentication
            metadata: {name: jwt, namespace: foo}
            spec:
              jwtRules: [{issuer: "{{_rsa.Issuer}}", jwksUri: "{{server.Uri}}"}]
            """, resolver);
        Assert.Multiple(() =>
        {
            Assert.That(resolver.LastError(server.Uri), Does.Contain("500"));
            Assert.That(Run(filters, _rsa.Token("alice", audience: null)).Status, Is.EqualTo(401));
            Assert.That(Run(filters, null).Allowed, Is.True, "requests without a token are not affected");
            Assert.That(JwtConfig(filters).Providers.Values.Single().LocalJwks.InlineString, Does.Contain(UnverifiableJwks.KeyId));
        });
    }

    private const string RequireGroup = """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: admins, namespace: foo}
        spec:
          rules:
          - when: [{key: "request.auth.claims[groups]", values: ["admins"]}]
        """;

    private static string InlineRule(TestIssuer issuer) => $$"""
        apiVersion: security.istio.io/v1
        kind: RequestAuthentication
        metadata: {name: jwt-{{issuer.KeyId}}, namespace: foo}
        spec:
          selector:
            matchLabels:
              app: httpbin
          jwtRules:
          - issuer: {{issuer.Issuer}}
            audiences: [api]
            jwks: '{{issuer.Jwks}}'
        ---
        """.TrimEnd('-', '\n');

    private static List<Envoy.Extensions.Filters.Network.HttpConnectionManager.V3.HttpFilter> Build(string yaml, IJwksSource? jwks = null)
    {
        var snapshot = PolicySnapshots.FromYaml(yaml);
        var filters = new List<Envoy.Extensions.Filters.Network.HttpConnectionManager.V3.HttpFilter>();
        if (JwtFilterBuilder.Build(snapshot, AuthzScenario.Httpbin, AuthzOptions.Default, jwks) is { } jwt)
        {
            filters.Add(jwt);
        }

        filters.AddRange(AuthorizationFilterBuilder.Build(snapshot, AuthzScenario.Httpbin, AuthzOptions.Default).Http);
        return filters;
    }

    private static Envoy.Extensions.Filters.Http.JwtAuthn.V3.JwtAuthentication JwtConfig(IEnumerable<Envoy.Extensions.Filters.Network.HttpConnectionManager.V3.HttpFilter> filters) =>
        filters.Single(f => f.Name == AuthzFilterNames.JwtAuthn).TypedConfig.Unpack<Envoy.Extensions.Filters.Http.JwtAuthn.V3.JwtAuthentication>();

    private static AuthzDecision Run(IEnumerable<Envoy.Extensions.Filters.Network.HttpConnectionManager.V3.HttpFilter> filters, string? token) =>
        FilterChainSimulator.RunHttp(filters, new AuthzRequest { Headers = token is null ? new Dictionary<string, string>() : Headers("Authorization", "Bearer " + token) });

    private static Dictionary<string, string> Headers(string name, string value) => new() { [name] = value };
}
