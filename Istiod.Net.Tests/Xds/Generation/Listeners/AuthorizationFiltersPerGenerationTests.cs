using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Istiod.Net.Config.Model;
using Istiod.Net.Config.Parsing;
using Istiod.Net.Security.Authorization;
using Istiod.Net.Security.RequestAuthn;
using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Xds.Generation;
using Istiod.Net.Xds.Generation.Listeners;
using static Istiod.Net.Tests.Infrastructure.MeshConfigs;
using ModelServicePort = Istiod.Net.Config.Model.ServicePort;

namespace Istiod.Net.Tests.Xds.Generation.Listeners;

/// <summary>
/// The security policies of a workload are selected and translated once per listener generation, not once per
/// inbound chain: a sidecar with three HTTP ports (two chains each, mesh mTLS and plaintext) asks the JWKS
/// source once, and still every HTTP chain carries the jwt_authn and RBAC filters.
/// </summary>
public sealed class AuthorizationFiltersPerGenerationTests
{
    private sealed class CountingJwks : IJwksSource
    {
        public int Calls { get; private set; }

        public string? TryGetJwks(string jwksUri)
        {
            Calls++;
            return null;
        }
    }

    private static ConfigObject Parse(string yaml)
    {
        var parsed = new ConfigParser().ParseYaml(yaml, "test.yaml").Single();
        Assert.That(parsed.Errors, Is.Empty);
        return parsed.Config!;
    }

    [Test]
    public void OneListenerGenerationBuildsTheWorkloadsPoliciesOnceForAllItsChains()
    {
        var jwks = new CountingJwks();
        using var harness = new GenerationHarness(
        [
            ServiceEntry("default", "httpbin", new ServiceEntrySpec
            {
                Hosts = ["httpbin.default.svc.cluster.local"],
                Addresses = ["10.96.0.20"],
                Ports =
                [
                    new ModelServicePort { Number = 8000, Name = "http-a", Protocol = "HTTP" },
                    new ModelServicePort { Number = 8001, Name = "http-b", Protocol = "HTTP" },
                    new ModelServicePort { Number = 8002, Name = "http-c", Protocol = "HTTP" },
                ],
                Resolution = ServiceEntryResolution.Static,
                Location = ServiceEntryLocation.MeshInternal,
                Endpoints = [Endpoint("10.0.0.1")],
            }),
            Parse("""
                apiVersion: security.istio.io/v1
                kind: RequestAuthentication
                metadata: {name: jwt, namespace: default}
                spec:
                  jwtRules: [{issuer: "https://issuer.example", jwksUri: "https://issuer.example/jwks"}]
                """),
            Parse("""
                apiVersion: security.istio.io/v1
                kind: AuthorizationPolicy
                metadata: {name: deny-8001, namespace: default}
                spec:
                  action: DENY
                  rules: [{to: [{operation: {ports: ["8001"]}}]}]
                """),
        ], GeneratorTable.Default(authorization: new PolicyAuthorizationFilters(jwks)));
        var sidecar = harness.ConnectEnvoy("default", ip: "10.0.0.1");

        var inbound = harness.Listeners(sidecar).Single(l => l.Name == SidecarInboundListener.VirtualInbound);

        var httpChains = inbound.FilterChains
            .Where(c => c.Filters.Any(f => f.Name == "envoy.filters.network.http_connection_manager"))
            .Where(c => c.FilterChainMatch?.DestinationPort is >= 8000 and <= 8002)
            .ToList();
        Assert.That(httpChains.Select(c => c.FilterChainMatch.DestinationPort).Distinct(), Is.EquivalentTo(new uint?[] { 8000, 8001, 8002 }));
        Assert.That(httpChains, Has.Count.GreaterThanOrEqualTo(6), "mesh mTLS and plaintext chains per port");
        foreach (var chain in httpChains)
        {
            var manager = chain.Filters.Single(f => f.Name == "envoy.filters.network.http_connection_manager").TypedConfig.Unpack<HttpConnectionManager>();
            Assert.That(manager.HttpFilters.Select(f => f.Name), Does.Contain(AuthzFilterNames.JwtAuthn).And.Contain(AuthzFilterNames.HttpRbac), $"chain {chain.Name}");
        }

        Assert.That(jwks.Calls, Is.EqualTo(1), "one policy build for the whole listener generation");
    }
}
