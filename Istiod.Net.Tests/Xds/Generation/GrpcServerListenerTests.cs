using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Istiod.Net.Config.Model;
using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Xds.Generation.Listeners;
using Istiod.Net.Xds.Generation.Tls;
using Istiod.Net.Xds.Protocol;
using static Istiod.Net.Tests.Infrastructure.MeshConfigs;

namespace Istiod.Net.Tests.Xds.Generation;

/// <summary>Listeners of xDS-enabled gRPC servers (gRFC A36), secured by PeerAuthentication (gRFC A29).</summary>
public sealed class GrpcServerListenerTests
{
    private const string IstioName = "xds.istio.io/grpc/lds/inbound/0.0.0.0:50051";
    private const string GrpcName = "grpc/server?xds.resource.listening_address=0.0.0.0:50051";

    private static readonly IReadOnlyDictionary<string, string> ServerLabels = Labels(("app", "echo"), ("version", "v1"));

    private static ConfigObject Policy(string ns, string name, MutualTlsMode mode, IReadOnlyDictionary<string, string>? selector = null, (string Port, MutualTlsMode Mode)[]? ports = null) =>
        Object("PeerAuthentication", ns, name, new PeerAuthenticationSpec
        {
            Selector = selector is null ? null : new MatchLabelsSelector { MatchLabels = selector },
            Mtls = new PeerAuthenticationMtls { Mode = mode },
            PortLevelMtls = ports?.ToDictionary(p => p.Port, p => new PeerAuthenticationMtls { Mode = p.Mode }),
        });

    [TestCase(IstioName, "0.0.0.0", 50051u)]
    [TestCase(GrpcName, "0.0.0.0", 50051u)]
    [TestCase("xds.istio.io/grpc/lds/inbound/[::]:8080", "::", 8080u)]
    [TestCase("grpc/server?xds.resource.listening_address=10.1.2.3:1", "10.1.2.3", 1u)]
    public void ServerNamesCarryTheBoundAddress(string name, string host, uint port)
    {
        Assert.That(GrpcServerListenerName.TryParse(name, out var parsed), Is.True);
        Assert.That(parsed, Is.EqualTo(new GrpcServerListenerName(host, port)));
    }

    [TestCase("echo.default.svc.cluster.local:7070")]
    [TestCase("xds.istio.io/grpc/lds/inbound/0.0.0.0")]
    [TestCase("xds.istio.io/grpc/lds/inbound/0.0.0.0:0")]
    [TestCase("xds.istio.io/grpc/lds/inbound/0.0.0.0:70000")]
    [TestCase("xds.istio.io/grpc/lds/inbound/localhost:80")]
    [TestCase("grpc/server?xds.resource.listening_address=")]
    public void OtherNamesAreNotServerNames(string name) =>
        Assert.That(GrpcServerListenerName.TryParse(name, out _), Is.False);

    [Test]
    public void WithoutPolicyTheMeshDefaultPermissiveServesPlaintext()
    {
        using var harness = new GenerationHarness([]);
        var server = harness.Connect("default", labels: ServerLabels);

        var listener = harness.Listener(server, IstioName)!;

        Assert.Multiple(() =>
        {
            Assert.That(listener.Address.SocketAddress.Address, Is.EqualTo("0.0.0.0"), "gRPC compares it with the address it bound");
            Assert.That(listener.Address.SocketAddress.PortValue, Is.EqualTo(50051));
            Assert.That(listener.ApiListener, Is.Null);
            Assert.That(listener.FilterChains, Has.Count.EqualTo(1));
            Assert.That(listener.FilterChains[0].Name, Is.EqualTo(GrpcServerListenerBuilder.PlaintextChain));
            Assert.That(listener.FilterChains[0].TransportSocket, Is.Null);
            Assert.That(listener.FilterChains[0].FilterChainMatch, Is.Null, "gRPC drops chains matching anything but raw_buffer");
        });
        var manager = listener.FilterChains[0].Filters.Single().TypedConfig.Unpack<HttpConnectionManager>();
        Assert.Multiple(() =>
        {
            Assert.That(manager.HttpFilters.Select(f => f.Name), Is.EqualTo(new[] { "envoy.filters.http.router" }));
            var route = manager.RouteConfig.VirtualHosts.Single().Routes.Single();
            Assert.That(route.ActionCase, Is.EqualTo(Envoy.Config.Route.V3.Route.ActionOneofCase.NonForwardingAction));
            Assert.That(route.Match.Prefix, Is.EqualTo("/"));
        });
    }

    [Test]
    public void StrictRequiresAClientCertificateFromTheProviderInstance()
    {
        using var harness = new GenerationHarness([Policy("default", "echo", MutualTlsMode.Strict, Labels(("app", "echo")))]);
        var server = harness.Connect("default", labels: ServerLabels);

        var chain = harness.Listener(server, GrpcName)!.FilterChains.Single();

        Assert.That(chain.Name, Is.EqualTo(GrpcServerListenerBuilder.MutualTlsChain));
        Assert.That(chain.TransportSocket.Name, Is.EqualTo("envoy.transport_sockets.tls"));
        var tls = chain.TransportSocket.TypedConfig.Unpack<DownstreamTlsContext>();
        Assert.Multiple(() =>
        {
            Assert.That(tls.RequireClientCertificate, Is.True);
            Assert.That(tls.CommonTlsContext.TlsCertificateProviderInstance.InstanceName, Is.EqualTo(GrpcTls.ProviderInstance));
            Assert.That(tls.CommonTlsContext.ValidationContext.CaCertificateProviderInstance.InstanceName, Is.EqualTo(GrpcTls.ProviderInstance));
            Assert.That(tls.CommonTlsContext.TlsCertificateSdsSecretConfigs, Is.Empty, "gRPC has no SDS");
        });
    }

    [Test]
    public void PrecedenceSelectorsAndPortsDecideTheMode()
    {
        using var harness = new GenerationHarness(
        [
            Policy("istio-system", "mesh", MutualTlsMode.Strict),
            Policy("default", "namespace", MutualTlsMode.Disable),
            Policy("default", "other-app", MutualTlsMode.Strict, Labels(("app", "other"))),
            Policy("default", "echo", MutualTlsMode.Unset, Labels(("app", "echo")), [("9000", MutualTlsMode.Strict)]),
        ]);
        var echo = harness.Connect("default", labels: ServerLabels);
        var elsewhere = harness.Connect("team", labels: ServerLabels);

        Assert.Multiple(() =>
        {
            Assert.That(harness.Listener(echo, IstioName)!.FilterChains.Single().TransportSocket, Is.Null, "UNSET inherits the namespace's DISABLE");
            Assert.That(harness.Listener(echo, "xds.istio.io/grpc/lds/inbound/0.0.0.0:9000")!.FilterChains.Single().TransportSocket, Is.Not.Null, "port 9000 is STRICT");
            Assert.That(harness.Listener(elsewhere, IstioName)!.FilterChains.Single().TransportSocket, Is.Not.Null, "another namespace gets the mesh's STRICT");
        });
    }

    [Test]
    public void EditingThePolicyPushesTheServerListenerAndOtherKindsDoNot()
    {
        var permissive = Policy("default", "echo", MutualTlsMode.Permissive, Labels(("app", "echo")));
        using var harness = new GenerationHarness([permissive]);
        var server = harness.Connect("default", labels: ServerLabels);
        var plaintext = harness.Listener(server, IstioName)!.FilterChains.Single();
        Assert.That(plaintext.TransportSocket, Is.Null);

        var pushes = harness.Pushes.Count;
        harness.Change(Object("Gateway", "default", "gw", new GatewaySpec()));
        // Gateway generators read Gateways, so a push may happen, but it must not concern the proxyless server.
        Assert.That(harness.Pushes.Skip(pushes).Any(p => p.Affects is null || p.Affects(server)), Is.False, "a Gateway change does not concern a gRPC server");
        pushes = harness.Pushes.Count;

        harness.Change(Policy("default", "echo", MutualTlsMode.Strict, Labels(("app", "echo"))));
        var push = harness.Pushes[^1];
        Assert.Multiple(() =>
        {
            Assert.That(push.Types, Does.Contain(XdsTypeUrls.Listener));
            Assert.That(push.Affects!(server), Is.True);
            var mutual = harness.Listener(server, IstioName)!.FilterChains.Single();
            Assert.That(mutual.TransportSocket, Is.Not.Null);
            // grpc-js-xds 1.14.1 only takes a plaintext <-> TLS change when the chain's filter bytes differ.
            Assert.That(mutual.Filters.Single().TypedConfig.Value, Is.Not.EqualTo(plaintext.Filters.Single().TypedConfig.Value));
        });
    }

    [Test]
    public void ServersWithDifferentLabelsDoNotShareTheirListener()
    {
        using var harness = new GenerationHarness([Policy("default", "echo", MutualTlsMode.Strict, Labels(("app", "echo")))]);
        var echo = harness.Connect("default", labels: ServerLabels);
        var other = harness.Connect("default", labels: Labels(("app", "other")));

        Assert.That(harness.Listener(echo, IstioName)!.FilterChains.Single().TransportSocket, Is.Not.Null);
        Assert.That(harness.Listener(other, IstioName)!.FilterChains.Single().TransportSocket, Is.Null);
    }

    private static ConfigObject AllowPrincipal(string principal, string? notPath = null) =>
        Object("AuthorizationPolicy", "default", "echo-allow", new AuthorizationPolicySpec
        {
            Selector = new MatchLabelsSelector { MatchLabels = Labels(("app", "echo")) },
            Action = AuthorizationAction.Allow,
            Rules =
            [
                new AuthorizationRule
                {
                    From = [new AuthorizationFrom { Source = new AuthorizationSource { Principals = [principal] } }],
                    To = notPath is null ? null : [new AuthorizationTo { Operation = new AuthorizationOperation { NotPaths = [notPath] } }],
                },
            ],
        });

    private static IReadOnlyList<HttpFilter> ServerFilters(GenerationHarness harness, Istiod.Net.Xds.Generation.Proxy server) =>
        harness.Listener(server, IstioName)!.FilterChains.Single().Filters.Single().TypedConfig.Unpack<HttpConnectionManager>().HttpFilters;

    [Test]
    public void AnAllowPolicyBecomesAnRbacFilterBeforeTheRouterOfTheSelectedServerOnly()
    {
        using var harness = new GenerationHarness([AllowPrincipal("cluster.local/ns/default/sa/allowed", notPath: "/e2e.Echo/Secret")]);
        var echo = harness.Connect("default", labels: ServerLabels);
        var other = harness.Connect("default", labels: Labels(("app", "other")));

        var filters = ServerFilters(harness, echo);
        Assert.That(filters.Select(f => f.Name), Is.EqualTo(new[] { "envoy.filters.http.rbac.allow", "envoy.filters.http.router" }));
        var rbac = filters[0].TypedConfig.Unpack<Envoy.Extensions.Filters.Http.Rbac.V3.RBAC>();
        Assert.Multiple(() =>
        {
            Assert.That(rbac.Rules.Action, Is.EqualTo(Envoy.Config.Rbac.V3.RBAC.Types.Action.Allow));
            Assert.That(rbac.Rules.Policies, Has.Count.EqualTo(1));
            var text = rbac.Rules.Policies.Values.Single().ToString();
            Assert.That(text, Does.Contain("spiffe://cluster.local/ns/default/sa/allowed"));
            Assert.That(text, Does.Contain("/e2e.Echo/Secret"));
            Assert.That(ServerFilters(harness, other).Select(f => f.Name), Is.EqualTo(new[] { "envoy.filters.http.router" }), "the policy selects app=echo only");
        });
    }

    [Test]
    public void EditingTheAuthorizationPolicyPushesTheServerListener()
    {
        using var harness = new GenerationHarness([AllowPrincipal("cluster.local/ns/default/sa/allowed")]);
        var server = harness.Connect("default", labels: ServerLabels);
        var before = ServerFilters(harness, server)[0].TypedConfig.Value;

        harness.Change(AllowPrincipal("cluster.local/ns/default/sa/other"));
        var push = harness.Pushes[^1];
        Assert.Multiple(() =>
        {
            Assert.That(push.Types, Does.Contain(XdsTypeUrls.Listener));
            Assert.That(push.Affects!(server), Is.True);
            var after = ServerFilters(harness, server)[0].TypedConfig;
            Assert.That(after.Value, Is.Not.EqualTo(before));
            Assert.That(after.Unpack<Envoy.Extensions.Filters.Http.Rbac.V3.RBAC>().Rules.ToString(), Does.Contain("sa/other"));
        });
    }
}
