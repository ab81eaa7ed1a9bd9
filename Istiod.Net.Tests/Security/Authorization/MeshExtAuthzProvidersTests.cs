using Istiod.Net.Config.Mesh;
using Istiod.Net.Config.Model;
using Istiod.Net.Push;
using Istiod.Net.Security.Authorization;
using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Xds.Generation;
using Istiod.Net.Xds.Generation.Listeners;
using static Istiod.Net.Tests.Infrastructure.MeshConfigs;

namespace Istiod.Net.Tests.Security.Authorization;

/// <summary>
/// CUSTOM policies at run time: the mesh config's extensionProviders become ext_authz providers, and a sidecar's
/// inbound chain calls the one its CUSTOM policy names; a provider the mesh does not declare denies the matches.
/// </summary>
public sealed class MeshExtAuthzProvidersTests
{
    private const string MeshWithProviders = """
        extensionProviders:
        - name: ext-http
          envoyExtAuthzHttp:
            service: authz.foo.svc.cluster.local
            port: 8000
            timeout: 0.5s
            failOpen: true
            pathPrefix: /check
            includeRequestHeadersInCheck: [x-user]
            headersToUpstreamOnAllow: [x-authz]
            includeRequestBodyInCheck: {maxRequestBytes: 1024, allowPartialMessage: true}
        - name: ext-grpc
          envoyExtAuthzGrpc:
            service: foo/opa.foo.svc.cluster.local
            port: 9191
        - name: zipkin
          zipkin: {service: zipkin.istio-system.svc.cluster.local, port: 9411}
        """;

    [Test]
    public void Http_and_grpc_providers_are_read_with_their_settings_and_other_kinds_are_left_alone()
    {
        var read = MeshConfigReader.Read(MeshWithProviders);
        Assert.That(read.IsValid, Is.True, string.Join("; ", read.Errors));

        var providers = MeshExtAuthzProviders.From(read.Mesh!).Providers;

        Assert.That(providers.Select(p => (p.Name, p.Kind)), Is.EqualTo(new[] { ("ext-http", ExtAuthzProviderKind.Http), ("ext-grpc", ExtAuthzProviderKind.Grpc) }));
        var http = providers[0];
        Assert.That(http.Service, Is.EqualTo("authz.foo.svc.cluster.local"));
        Assert.That(http.Port, Is.EqualTo(8000));
        Assert.That(http.Timeout, Is.EqualTo(TimeSpan.FromMilliseconds(500)));
        Assert.That(http.FailOpen, Is.True);
        Assert.That(http.PathPrefix, Is.EqualTo("/check"));
        Assert.That(http.IncludeRequestHeadersInCheck, Is.EqualTo(new[] { "x-user" }));
        Assert.That(http.HeadersToUpstreamOnAllow, Is.EqualTo(new[] { "x-authz" }));
        Assert.That(http.IncludeRequestBodyInCheck, Is.EqualTo(new ExtAuthzRequestBody { MaxRequestBytes = 1024, AllowPartialMessage = true }));
        Assert.That(providers[1].Service, Is.EqualTo("foo/opa.foo.svc.cluster.local"));
    }

    [TestCase("extensionProviders:\n- name: a\n  envoyExtAuthzHttp: {service: authz.foo.svc.cluster.local}\n", "extensionProviders[0].envoyExtAuthzHttp.port", "required")]
    [TestCase("extensionProviders:\n- name: a\n  envoyExtAuthzGrpc: {port: 9000}\n", "extensionProviders[0].envoyExtAuthzGrpc.service", "required")]
    [TestCase("extensionProviders:\n- name: a\n  envoyExtAuthzHttp: {service: s, port: 80, timeout: soon}\n", "extensionProviders[0].envoyExtAuthzHttp.timeout", "not a positive duration")]
    [TestCase("extensionProviders:\n- envoyExtAuthzHttp: {service: s, port: 80}\n", "extensionProviders[0].name", "required")]
    public void A_provider_that_cannot_be_translated_refuses_the_mesh_config_with_its_field(string yaml, string path, string message)
    {
        var read = MeshConfigReader.Read(yaml);

        Assert.That(read.IsValid, Is.False);
        Assert.That(read.Errors.Select(e => e.Path), Does.Contain(path));
        Assert.That(read.Errors.Single(e => e.Path == path).Message, Does.Contain(message));
    }

    [TestCase("ext-http", true)]
    [TestCase("undeclared", false)]
    public void A_sidecar_calls_the_provider_its_custom_policy_names(string provider, bool declared)
    {
        var mesh = MeshConfigReader.Read(MeshWithProviders).Mesh!;
        var configs = new[]
        {
            StaticService("default", "echo", "echo.default.svc.cluster.local", [8080], Endpoint("10.1.0.1", Labels(("app", "echo")))),
            StaticService("foo", "authz", "authz.foo.svc.cluster.local", [8000], Endpoint("10.9.0.1")),
            Object("AuthorizationPolicy", "default", "ext", new AuthorizationPolicySpec
            {
                Selector = new MatchLabelsSelector { MatchLabels = Labels(("app", "echo")) },
                Action = AuthorizationAction.Custom,
                Provider = new ExtensionProviderRef { Name = provider },
                Rules = [new AuthorizationRule { To = [new AuthorizationTo { Operation = new AuthorizationOperation { Paths = ["/admin*"] } }] }],
            }),
        };
        using var harness = new GenerationHarness(configs, GeneratorTable.Default(authorization: new PolicyAuthorizationFilters()), options: new PushOptions { Mesh = mesh });
        var sidecar = harness.ConnectEnvoy("default", ip: "10.1.0.1", labels: Labels(("app", "echo")));

        var chain = new ListenerSimulator(harness.Listeners(sidecar)).Inbound(ListenerCall.Http(8080, "10.1.0.1"));

        Assert.That(chain, Is.Not.Null);
        if (declared)
        {
            Assert.That(chain!.HttpFilters, Does.Contain("envoy.filters.http.ext_authz"), string.Join(", ", chain.HttpFilters));
            Assert.That(chain.HttpFilters.ToList().IndexOf("envoy.filters.http.ext_authz"), Is.LessThan(chain.HttpFilters.ToList().IndexOf("envoy.filters.http.router")));
        }
        else
        {
            // Fail closed: without the provider there is no authorizer to ask, so the matches are denied by RBAC.
            Assert.That(chain!.HttpFilters, Has.None.EqualTo("envoy.filters.http.ext_authz"));
            Assert.That(chain.HttpFilters, Does.Contain("envoy.filters.http.rbac"));
        }
    }
}
