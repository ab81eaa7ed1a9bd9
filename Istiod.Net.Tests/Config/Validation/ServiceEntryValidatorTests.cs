using static Istiod.Net.Tests.Config.Validation.ValidatorTestKit;

namespace Istiod.Net.Tests.Config.Validation;

public sealed class ServiceEntryValidatorTests
{
    private const string Kind = "ServiceEntry";

    [Test]
    public void RealisticServiceEntriesAreValid()
    {
        AssertValid(Kind, """
            hosts: [api.example.com]
            location: MESH_EXTERNAL
            ports: [{number: 443, name: https, protocol: TLS}]
            resolution: DNS
            """);
        AssertValid(Kind, """
            hosts: [mysql.internal]
            addresses: [10.1.0.0/16, 192.168.1.7]
            ports: [{number: 3306, name: mysql, protocol: TCP, targetPort: 3307}]
            location: MESH_INTERNAL
            resolution: STATIC
            endpoints:
            - address: 10.1.2.3
              ports: {mysql: 3306}
            - address: unix:///var/run/mysql.sock
            """);
        AssertValid(Kind, "hosts: [\"*.wikipedia.org\"]\nports: [{number: 443, name: https, protocol: TLS}]\nresolution: NONE\n");
    }

    [Test]
    public void HostsAreRequiredAndMissingPortsAreAWarning()
    {
        var result = Parse(Kind, "resolution: DNS");

        Assert.That(result.Errors.Select(e => e.Path), Is.EquivalentTo(new[] { "spec.hosts" }));
        Assert.That(result.Warnings.Select(w => w.Path), Is.EquivalentTo(new[] { "spec.ports" }));
    }

    [Test]
    public void PortNumbersAndNamesMustBeUnique() =>
        Assert.That(ErrorPaths(Kind, """
            hosts: [a.com]
            ports:
            - {number: 80, name: http, protocol: HTTP}
            - {number: 80, name: http2, protocol: HTTP}
            - {number: 81, name: http, protocol: HTTP}
            """), Is.EquivalentTo(new[] { "spec.ports[1].number", "spec.ports[2].name" }));

    [TestCase("hosts: [\"*\"]\nports: [{number: 80, name: http}]", "spec.hosts[0]")]
    [TestCase("hosts: [a.com]\nports: [{number: 70000, name: http}]", "spec.ports[0].number")]
    [TestCase("hosts: [a.com]\nports: [{number: 80}]", "spec.ports[0].name")]
    [TestCase("hosts: [a.com]\nports: [{number: 80, name: x, protocol: FTP}]", "spec.ports[0].protocol")]
    [TestCase("hosts: [\"*.a.com\"]\nports: [{number: 80, name: http}]\nresolution: DNS", "spec.hosts[0]")]
    [TestCase("hosts: [a.com]\nports: [{number: 80, name: http}]\nresolution: STATIC\nendpoints: [{address: db.example.com}]", "spec.endpoints[0].address")]
    [TestCase("hosts: [a.com]\nports: [{number: 80, name: http}]\nresolution: DNS\nendpoints: [{ports: {http: 0}}]", "spec.endpoints[0].address")]
    [TestCase("hosts: [a.com]\nports: [{number: 80, name: http}]\nresolution: DNS\nendpoints: [{address: a.com, ports: {http: 0}}]", "spec.endpoints[0].ports[http]")]
    [TestCase("hosts: [a.com]\nports: [{number: 80, name: http}]\naddresses: [not-an-ip]", "spec.addresses[0]")]
    [TestCase("hosts: [a.com]\nports: [{number: 80, name: http}]\naddresses: [10.0.0.0/8]\nresolution: DNS", "spec.addresses")]
    [TestCase("hosts: [a.com]\nports: [{number: 80, name: Http}]", "spec.ports[0].name")]
    [TestCase("hosts: [a.com]\nports: [{number: 80, name: http}]\nresolution: DNS_ROUND_ROBIN\nendpoints: [{address: a.com}, {address: b.com}]", "spec.endpoints")]
    [TestCase("hosts: [a.com]\nports: [{number: 80, name: http}]\nresolution: STATIC\nendpoints: [{address: 1.2.3.4, ports: {grpc: 90}}]", "spec.endpoints[0].ports[grpc]")]
    [TestCase("hosts: [a.com, b.com]\nports: [{number: 9000, name: tcp, protocol: TCP}]\nresolution: DNS", "spec.ports")]
    [TestCase("hosts: [a.com]\nports: [{number: 80, name: http}]\nexportTo: [\"~\", \"ns\"]", "spec.exportTo")]
    [TestCase("hosts: [a.com]\nports: [{number: 80, name: http}]\nresolution: STATIC\nendpoints: [{address: 1.2.3.4}]\nworkloadSelector: {labels: {app: a}}", "spec.workloadSelector")]
    public void ServiceEntryErrorsHaveIstioPaths(string spec, string path) =>
        Assert.That(ErrorPaths(Kind, spec), Does.Contain(path));
}
