using System.Security.Cryptography.X509Certificates;
using Envoy.Config.Core.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Google.Protobuf.WellKnownTypes;
using Istiod.Net.Security;
using Istiod.Net.Security.Ca;
using Istiod.Net.Security.Credentials;
using Istiod.Net.Security.Sds;
using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Tests.Security;
using Istiod.Net.Xds.Generation;
using Istiod.Net.Xds.Generation.Secrets;
using Istiod.Net.Xds.Protocol;

namespace Istiod.Net.Tests.Xds.Generation.Secrets;

/// <summary>
/// The Secret generator behind the provider: identity only from the stream, gateway credentials only for
/// routers of the identity's namespace, secrets never cached, renewals pushed to that identity's proxies only.
/// </summary>
public sealed class SecretGeneratorTests
{
    private TempFolder _folder = null!;
    private ManualTimeProvider _time = null!;
    private CertificateAuthority _ca = null!;
    private WorkloadCertificateStore _store = null!;
    private GenerationHarness _harness = null!;
    private SecretPushes _pushes = null!;

    [SetUp]
    public void SetUp()
    {
        _folder = new TempFolder();
        _time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        _ca = CertificateAuthority.Create(new CertificateAuthorityOptions(), time: _time);
        _store = new WorkloadCertificateStore(_ca, _time);
        WriteCredential("istio-ingress", "web-cert", withCa: true);
        var generator = new SecretGenerator(
            _ca, _store, new FileCredentialSource(_folder.File("credentials")),
            gatewayAuthorizer: new ServiceAccountListAuthorizer([("istio-ingress", "ingress")]));
        _harness = new GenerationHarness([], GeneratorTable.Default(generator));
        _pushes = new SecretPushes(_ca, _store, _harness.Provider);
    }

    [TearDown]
    public void TearDown()
    {
        _pushes.Dispose();
        _harness.Dispose();
        _store.Dispose();
        _ca.Dispose();
        _folder.Dispose();
    }

    [Test]
    public void Proxyless_grpc_clients_get_no_secret_generator()
    {
        var node = new Node { Id = "sidecar~10.0.0.1~echo-1.default~default.svc.cluster.local", Metadata = new Struct() };
        node.Metadata.Fields["GENERATOR"] = Value.ForString("grpc");
        var proxy = _harness.Provider.Connect(node, Info("spiffe://cluster.local/ns/default/sa/echo"));

        Assert.That(((Proxy)proxy).Generators.For(XdsTypeUrls.Secret), Is.Null);
    }

    [Test]
    public void Secrets_are_generated_per_proxy_and_not_kept_in_the_shared_cache()
    {
        var a = Connect("sidecar", "default", "spiffe://cluster.local/ns/default/sa/a");
        var b = Connect("sidecar", "default", "spiffe://cluster.local/ns/default/sa/b");

        var forA = Secret(a, "default");
        var forB = Secret(b, "default");

        Assert.That(Sans(forA), Is.EqualTo(new[] { "spiffe://cluster.local/ns/default/sa/a" }));
        Assert.That(Sans(forB), Is.EqualTo(new[] { "spiffe://cluster.local/ns/default/sa/b" }));
        Assert.That(_harness.Provider.Cache.Current.Count, Is.Zero, "no secret may sit in the cache shared by proxies");
    }

    [Test]
    public void Unparseable_or_foreign_identity_gets_nothing()
    {
        var foreign = Connect("sidecar", "default", "spiffe://other.domain/ns/default/sa/a");

        Assert.That(Generate(foreign, "default", "ROOTCA"), Is.Empty);
    }

    [Test]
    public void Gateway_credential_is_served_to_a_router_of_its_namespace()
    {
        var gateway = Connect("router", "istio-ingress", "spiffe://cluster.local/ns/istio-ingress/sa/ingress");

        var secrets = Generate(gateway, "kubernetes://web-cert", "kubernetes://web-cert-cacert");

        Assert.That(secrets.Select(s => s.Name), Is.EquivalentTo(new[] { "kubernetes://web-cert", "kubernetes://web-cert-cacert" }));
        var certificate = secrets.Single(s => s.Name == "kubernetes://web-cert");
        Assert.That(certificate.TlsCertificate.CertificateChain.InlineBytes.ToStringUtf8(), Is.EqualTo(File.ReadAllText(CredentialFile("istio-ingress", "web-cert", "tls.crt"))));
        Assert.That(certificate.TlsCertificate.PrivateKey.InlineBytes.ToStringUtf8(), Is.EqualTo(File.ReadAllText(CredentialFile("istio-ingress", "web-cert", "tls.key"))));
        Assert.That(secrets.Single(s => s.Name.EndsWith("-cacert", StringComparison.Ordinal)).ValidationContext.TrustedCa.InlineBytes.ToStringUtf8(),
            Is.EqualTo(File.ReadAllText(CredentialFile("istio-ingress", "web-cert", "ca.crt"))));
    }

    [Test]
    public void Gateway_credential_is_not_served_to_a_sidecar_or_to_another_namespace_or_without_identity()
    {
        var sidecar = Connect("sidecar", "istio-ingress", "spiffe://cluster.local/ns/istio-ingress/sa/ingress");
        var otherNamespace = Connect("router", "istio-ingress", "spiffe://cluster.local/ns/attacker/sa/ingress");
        var anonymous = Connect("router", "istio-ingress", null);

        Assert.That(Generate(sidecar, "kubernetes://web-cert"), Is.Empty);
        Assert.That(Generate(otherNamespace, "kubernetes://web-cert"), Is.Empty, "the namespace is the authenticated one, not the node's");
        Assert.That(Generate(anonymous, "kubernetes://web-cert"), Is.Empty);
    }

    [Test]
    public void Gateway_credential_is_not_served_to_an_identity_the_authorizer_refuses_even_on_a_router_node()
    {
        // The node says router; the verified identity is a workload of the namespace that is not a listed gateway.
        var pretender = Connect("router", "istio-ingress", "spiffe://cluster.local/ns/istio-ingress/sa/sleep");

        Assert.That(Generate(pretender, "kubernetes://web-cert", "kubernetes://web-cert-cacert"), Is.Empty);
    }

    [Test]
    public void Without_an_authorizer_no_gateway_credential_is_served()
    {
        var generator = new SecretGenerator(_ca, _store, new FileCredentialSource(_folder.File("credentials")));
        using var harness = new GenerationHarness([], GeneratorTable.Default(generator));
        var gateway = harness.Provider.Connect(
            new Node { Id = "router~10.0.0.9~gw-1.istio-ingress~istio-ingress.svc.cluster.local" },
            Info("spiffe://cluster.local/ns/istio-ingress/sa/ingress"));

        var secrets = harness.Provider.Generate(gateway, XdsTypeUrls.Secret, new HashSet<string>(StringComparer.Ordinal) { "kubernetes://web-cert" }).Resources;

        Assert.That(secrets, Is.Empty);
    }

    [Test]
    public void Credential_whose_key_does_not_match_its_certificate_is_refused()
    {
        WriteCredential("istio-ingress", "broken", withCa: false);
        var other = _ca.IssueKeyAndCertificate(new SpiffeIdentity("cluster.local", "x", "y"));
        File.WriteAllText(CredentialFile("istio-ingress", "broken", "tls.key"), other.PrivateKeyPem);
        var gateway = Connect("router", "istio-ingress", "spiffe://cluster.local/ns/istio-ingress/sa/ingress");

        var lookup = new FileCredentialSource(_folder.File("credentials")).Find("istio-ingress", "broken");

        Assert.That(Generate(gateway, "kubernetes://broken"), Is.Empty);
        Assert.That(lookup.Credential, Is.Null);
        Assert.That(lookup.Problem, Does.Contain("cannot be used together"));
    }

    [Test]
    public void Credential_names_cannot_climb_out_of_the_folder()
    {
        var lookup = new FileCredentialSource(_folder.File("credentials")).Find("istio-ingress", "../istio-ingress/web-cert");

        Assert.That(lookup.Credential, Is.Null);
        Assert.That(lookup.Problem, Does.Contain("not a valid"));
    }

    [Test]
    public void Renewal_pushes_secrets_to_the_proxies_of_that_identity_only()
    {
        var a = Connect("sidecar", "default", "spiffe://cluster.local/ns/default/sa/a");
        var b = Connect("sidecar", "default", "spiffe://cluster.local/ns/default/sa/b");
        var first = Secret(a, "default");
        Secret(b, "default");
        _harness.Pushes.Clear();

        _time.Advance(TimeSpan.FromHours(10));

        var pushes = _harness.Pushes.Where(p => p.Reason.Contains("renewal", StringComparison.Ordinal)).ToList();
        Assert.That(pushes, Has.Count.EqualTo(2));
        var forA = pushes.Single(p => p.Affects!(a));
        Assert.That(forA.Types, Is.EquivalentTo(new[] { XdsTypeUrls.Secret }));
        Assert.That(forA.Affects!(b), Is.False);
        Assert.That(Secret(a, "default").TlsCertificate.PrivateKey.InlineBytes, Is.Not.EqualTo(first.TlsCertificate.PrivateKey.InlineBytes));
    }

    [Test]
    public void Root_rotation_drops_issued_certificates_and_pushes_every_authenticated_proxy()
    {
        var a = Connect("sidecar", "default", "spiffe://cluster.local/ns/default/sa/a");
        var anonymous = Connect("sidecar", "default", null);
        Secret(a, "default");
        _harness.Pushes.Clear();

        _ca.RotateSelfSignedRoot();

        var push = _harness.Pushes.Single();
        Assert.That(push.Types, Is.EquivalentTo(new[] { XdsTypeUrls.Secret }));
        Assert.That(push.Affects!(a), Is.True);
        Assert.That(push.Affects!(anonymous), Is.False);
        Assert.That(_store.Count, Is.Zero);
        var roots = Secret(a, "ROOTCA").ValidationContext.TrustedCa.InlineBytes.ToStringUtf8();
        Assert.That(roots, Is.EqualTo(_ca.TrustBundle.Pem));
        Assert.That(_ca.TrustBundle.Roots, Has.Count.EqualTo(2));
    }

    private IXdsProxy Connect(string kind, string ns, string? identity) => _harness.Provider.Connect(
        new Node { Id = $"{kind}~10.0.0.{Random.Shared.Next(2, 250)}~pod-{Guid.NewGuid():N}.{ns}~{ns}.svc.cluster.local" },
        Info(identity));

    private static XdsConnectionInfo Info(string? identity) =>
        new("c-" + Guid.NewGuid().ToString("N"), null, 15012, true, null, new Dictionary<string, string>()) { PeerIdentity = identity };

    private List<Secret> Generate(IXdsProxy proxy, params string[] names) => _harness.Provider
        .Generate(proxy, XdsTypeUrls.Secret, names.ToHashSet(StringComparer.Ordinal))
        .Resources.Select(r => r.Resource.Unpack<Secret>())
        .ToList();

    private Secret Secret(IXdsProxy proxy, string name) => Generate(proxy, name).Single();

    private static IReadOnlyList<string> Sans(Secret secret)
    {
        using var leaf = X509Certificate2.CreateFromPem(secret.TlsCertificate.CertificateChain.InlineBytes.ToStringUtf8());
        return CertificateSans.Uris(leaf);
    }

    private string CredentialFile(string ns, string name, string file) => Path.Combine(_folder.File("credentials"), ns, name, file);

    /// <summary>A kubernetes.io/tls-like folder: a serving certificate and key from a throwaway CA, and that CA.</summary>
    private void WriteCredential(string ns, string name, bool withCa)
    {
        Directory.CreateDirectory(Path.Combine(_folder.File("credentials"), ns, name));
        using var gatewayCa = CertificateAuthority.Create(new CertificateAuthorityOptions());
        var serving = gatewayCa.IssueServingCertificate(["web.example.com"]);
        File.WriteAllText(CredentialFile(ns, name, "tls.crt"), serving.Certificate.ExportCertificatePem() + "\n");
        File.WriteAllText(CredentialFile(ns, name, "tls.key"), KeyPem(serving.Certificate));
        if (withCa)
        {
            File.WriteAllText(CredentialFile(ns, name, "ca.crt"), gatewayCa.TrustBundle.Pem);
        }
    }

    private static string KeyPem(X509Certificate2 certificate) =>
        certificate.GetECDsaPrivateKey() is { } ec ? ec.ExportPkcs8PrivateKeyPem() : certificate.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem();
}
