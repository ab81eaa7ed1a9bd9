using static Istiod.Net.Tests.Config.Validation.ValidatorTestKit;

namespace Istiod.Net.Tests.Config.Validation;

public sealed class GatewayValidatorTests
{
    private const string Kind = "Gateway";

    [Test]
    public void ARealisticGatewayIsValid() => AssertValid(Kind, """
        selector: {istio: ingressgateway}
        servers:
        - port: {number: 80, name: http, protocol: HTTP}
          hosts: ["bookinfo/*.example.com", "./reviews.example.com", "*"]
          tls: {httpsRedirect: true}
        - port: {number: 443, name: https, protocol: HTTPS}
          hosts: ["*.example.com"]
          tls: {mode: SIMPLE, credentialName: example-cert}
        - port: {number: 15443, name: tls, protocol: TLS}
          hosts: ["*.local"]
          tls: {mode: AUTO_PASSTHROUGH}
        """);

    [Test]
    public void ServersAreRequired() =>
        Assert.That(ErrorPaths(Kind, "selector: {istio: ingressgateway}"), Is.EquivalentTo(new[] { "spec.servers" }));

    [Test]
    public void ServerNeedsPortAndHosts() =>
        Assert.That(ErrorPaths(Kind, "servers:\n- bind: 0.0.0.0\n"), Is.EquivalentTo(new[] { "spec.servers[0].port", "spec.servers[0].hosts" }));

    [TestCase("port: {number: 0, name: http, protocol: HTTP}\n  hosts: [a.com]", "spec.servers[0].port.number")]
    [TestCase("port: {number: 80, name: http, protocol: SMTP}\n  hosts: [a.com]", "spec.servers[0].port.protocol")]
    [TestCase("port: {number: 80, name: http}\n  hosts: [a.com]", "spec.servers[0].port.protocol")]
    [TestCase("port: {number: 443, name: https, protocol: HTTPS}\n  hosts: [a.com]", "spec.servers[0].tls")]
    [TestCase("port: {number: 443, name: https, protocol: HTTPS}\n  hosts: [a.com]\n  tls: {mode: SIMPLE}", "spec.servers[0].tls.serverCertificate")]
    [TestCase("port: {number: 80, name: http, protocol: HTTP}\n  hosts: [\"Bad_NS/a.com\"]", "spec.servers[0].hosts[0]")]
    [TestCase("port: {number: 80, protocol: HTTP}\n  hosts: [a.com]", "spec.servers[0].port.name")]
    [TestCase("port: {number: 80, name: http, protocol: HTTP, targetPort: 8080}\n  hosts: [a.com]", "spec.servers[0].port.targetPort")]
    [TestCase("port: {number: 80, name: http, protocol: HTTP}\n  hosts: [a.com]\n  bind: not-an-ip", "spec.servers[0].bind")]
    [TestCase("port: {number: 80, name: http, protocol: HTTP}\n  hosts: [a.com]\n  tls: {mode: SIMPLE, credentialName: c}", "spec.servers[0].tls")]
    [TestCase("port: {number: 3306, name: db, protocol: MYSQL}\n  hosts: [a.com]\n  tls: {mode: SIMPLE, credentialName: c}", "spec.servers[0].tls")]
    [TestCase("port: {number: 443, name: https, protocol: HTTPS}\n  hosts: [a.com]\n  tls: {mode: ISTIO_MUTUAL, credentialName: c}", "spec.servers[0].tls")]
    [TestCase("port: {number: 443, name: https, protocol: HTTPS}\n  hosts: [a.com]\n  tls: {mode: MUTUAL, serverCertificate: /c, privateKey: /k}", "spec.servers[0].tls.caCertificates")]
    public void ServerErrorsHaveIstioPaths(string server, string path) =>
        Assert.That(ErrorPaths(Kind, $"servers:\n- {server}\n"), Does.Contain(path));

    [Test]
    public void GatewayNameMustBeADnsLabel()
    {
        var parser = new Istiod.Net.Config.Parsing.ConfigParser();
        var yaml = "apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: my.gateway}\nspec:\n  servers:\n  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: [a.com]\n";

        var result = parser.ParseYaml(yaml, "gw.yaml").Single();

        Assert.That(result.Errors.Select(e => e.Path), Is.EquivalentTo(new[] { "metadata.name" }));
    }

    [Test]
    public void ServerPortNamesMustBeUnique() =>
        Assert.That(ErrorPaths(Kind, """
            servers:
            - port: {number: 80, name: web, protocol: HTTP}
              hosts: [a.com]
            - port: {number: 8080, name: web, protocol: HTTP}
              hosts: [b.com]
            """), Is.EquivalentTo(new[] { "spec.servers[1].port.name" }));
}
