using Envoy.Config.Listener.V3;
using Envoy.Config.Rbac.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Google.Protobuf.WellKnownTypes;
using Istiod.Net.Config.Model;
using Istiod.Net.Security.Authorization;
using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Xds.Generation;
using Istiod.Net.Xds.Generation.Listeners;
using Istiod.Net.Xds.Protocol;
using Microsoft.Extensions.Logging;
using static Istiod.Net.Tests.Infrastructure.MeshConfigs;
using HttpRbac = Envoy.Extensions.Filters.Http.Rbac.V3.RBAC;

namespace Istiod.Net.Tests.Xds.Generation;

/// <summary>
/// The RBAC filters of proxyless server listeners (gRFC A41) go through grpc-js-xds 1.14's own listener
/// decoder with its RBAC filter registered (GRPC_XDS_EXPERIMENTAL_RBAC=true, as a server that enforces
/// policies runs): every AuthorizationPolicy field, in DENY and ALLOW policies, must give a listener the
/// server accepts; a rejected one would leave the server without a listener, not serving at all.
/// </summary>
public sealed class GrpcJsRbacAcceptanceTests
{
    private const string ListenerName = "xds.istio.io/grpc/lds/inbound/0.0.0.0:7070";

    [Test]
    public async Task GrpcJsAcceptsServerListenersWithEveryAuthorizationField()
    {
        var workload = Labels(("app", "cart"));
        var every = new AuthorizationRule
        {
            From =
            [
                new AuthorizationFrom { Source = new AuthorizationSource { Principals = ["cluster.local/ns/shop/sa/web", "*/sa/admin", "cluster.local/*"], NotPrincipals = ["*"] } },
                new AuthorizationFrom { Source = new AuthorizationSource { Namespaces = ["shop", "dev-*"], NotNamespaces = ["kube-system"], ServiceAccounts = ["shop/web"], NotServiceAccounts = ["shop/bot"] } },
                new AuthorizationFrom { Source = new AuthorizationSource { IpBlocks = ["10.0.0.0/8", "192.168.1.1"], NotIpBlocks = ["10.1.0.0/16"], RemoteIpBlocks = ["172.16.0.0/12"], NotRemoteIpBlocks = ["172.16.1.1"] } },
                new AuthorizationFrom { Source = new AuthorizationSource { RequestPrincipals = ["issuer/subject", "*"], NotRequestPrincipals = ["bad/*"] } },
            ],
            To =
            [
                new AuthorizationTo
                {
                    Operation = new AuthorizationOperation
                    {
                        Hosts = ["cart.shop.svc.cluster.local", "*.example.com"],
                        NotHosts = ["admin.*"],
                        Ports = ["7070"],
                        NotPorts = ["7071"],
                        Methods = ["POST"],
                        NotMethods = ["GET"],
                        Paths = ["/shop.Cart/Get", "/shop.Cart/*", "*/List", "*"],
                        NotPaths = ["/shop.Cart/Admin"],
                    },
                },
            ],
            When =
            [
                new AuthorizationCondition { Key = "request.headers[x-user]", Values = ["alice", "bob*"], NotValues = ["eve"] },
                new AuthorizationCondition { Key = "source.ip", Values = ["10.0.0.1"] },
                new AuthorizationCondition { Key = "remote.ip", NotValues = ["10.9.0.0/16"] },
                new AuthorizationCondition { Key = "source.namespace", Values = ["shop"] },
                new AuthorizationCondition { Key = "source.principal", Values = ["cluster.local/ns/shop/sa/web"] },
                new AuthorizationCondition { Key = "destination.ip", Values = ["10.0.0.1"] },
                new AuthorizationCondition { Key = "destination.port", Values = ["7070"] },
                new AuthorizationCondition { Key = "connection.sni", Values = ["cart.shop.svc.cluster.local"] },
                new AuthorizationCondition { Key = "request.auth.claims[iss]", Values = ["issuer"] },
                new AuthorizationCondition { Key = "request.auth.principal", Values = ["issuer/subject"] },
                new AuthorizationCondition { Key = "request.auth.audiences", Values = ["cart"] },
                new AuthorizationCondition { Key = "request.auth.presenter", Values = ["web"] },
            ],
        };
        var logs = new GrpcTestServerLogProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        using var harness = new GenerationHarness(
        [
            StaticService("shop", "cart", "cart", [7070], new WorkloadEntrySpec { Address = "10.0.0.1", Labels = workload, ServiceAccount = "cart" }),
            Policy("deny-all-fields", AuthorizationAction.Deny, every),
            Policy("allow-all-fields", AuthorizationAction.Allow, every),
            Policy("allow-nothing", AuthorizationAction.Allow),
            Policy("audit", AuthorizationAction.Audit, every),
        ], logger: factory.CreateLogger<XdsResourceProvider>());
        var server = harness.Connect("shop", labels: workload);
        var generated = harness.Generate(server, XdsTypeUrls.Listener, ListenerName).Resources;
        Assert.That(generated, Has.Count.EqualTo(1), () => "the server listener must be served; the provider logged: " + string.Join("\n", logs.Entries));
        var listener = generated[0];

        var filters = HttpFilters(listener).Where(f => f.TypedConfig.Is(HttpRbac.Descriptor)).Select(f => f.TypedConfig.Unpack<HttpRbac>().Rules).ToList();
        Assert.That(filters.Select(r => r.Action), Is.EqualTo(new[] { RBAC.Types.Action.Deny, RBAC.Types.Action.Allow }), "a DENY filter, then an ALLOW filter (AUDIT is not for gRPC)");
        Assert.That(filters.Select(r => r.Policies.Count), Has.All.GreaterThan(0), "the policies must not all have been dropped, or this test proves nothing");

        var verdict = (await GrpcJsResourceValidator.ValidateAsync([listener])).Single();

        Assert.That(verdict.Error, Is.Null, "grpc-js-xds would reject the server listener");
    }

    [Test]
    public async Task TheValidatorRejectsAnRbacFilterGrpcJsRejects()
    {
        // Guards the guard: the RBAC filter must really be parsed (registered), and gRPC refuses LOG.
        var manager = new HttpConnectionManager { StatPrefix = "x", RouteConfig = new() { Name = "inbound" } };
        manager.HttpFilters.Add(new HttpFilter { Name = AuthzFilterNames.HttpRbac, TypedConfig = Any.Pack(new HttpRbac { Rules = new RBAC { Action = RBAC.Types.Action.Log } }) });
        manager.HttpFilters.Add(new HttpFilter { Name = HttpFilterNames.Router, TypedConfig = Any.Pack(new Envoy.Extensions.Filters.Http.Router.V3.Router()) });
        var listener = new Listener
        {
            Name = ListenerName,
            Address = new Envoy.Config.Core.V3.Address { SocketAddress = new Envoy.Config.Core.V3.SocketAddress { Address = "0.0.0.0", PortValue = 7070 } },
            FilterChains = { new FilterChain { Filters = { new Filter { Name = GrpcServerListenerBuilder.HttpConnectionManagerName, TypedConfig = Any.Pack(manager) } } } },
        };

        var verdict = (await GrpcJsResourceValidator.ValidateAsync([new XdsResource(ListenerName, Any.Pack(listener), "v")])).Single();

        Assert.That(verdict.Error, Does.Contain("rbac"));
    }

    private static ConfigObject Policy(string name, AuthorizationAction action, params AuthorizationRule[] rules) =>
        Object("AuthorizationPolicy", "shop", name, new AuthorizationPolicySpec
        {
            Selector = new MatchLabelsSelector { MatchLabels = Labels(("app", "cart")) },
            Action = action,
            Rules = rules,
        });

    private static IEnumerable<HttpFilter> HttpFilters(XdsResource listener) =>
        listener.Resource.Unpack<Listener>().FilterChains
            .SelectMany(c => c.Filters)
            .Select(f => f.TypedConfig.Unpack<HttpConnectionManager>())
            .SelectMany(m => m.HttpFilters);
}
