using static Istiod.Net.Tests.Config.Validation.ValidatorTestKit;

namespace Istiod.Net.Tests.Config.Validation;

public sealed class SidecarAndWorkloadEntryValidatorTests
{
    [Test]
    public void ARealisticSidecarIsValid() => AssertValid("Sidecar", """
        workloadSelector: {labels: {app: ratings}}
        ingress:
        - port: {number: 9080, protocol: HTTP, name: somename}
          defaultEndpoint: unix:///var/run/someuds.sock
        egress:
        - port: {number: 9080, protocol: HTTP, name: egresshttp}
          hosts: ["prod-us1/*"]
        - hosts: ["istio-system/*", "./*", "~/*"]
        outboundTrafficPolicy: {mode: REGISTRY_ONLY}
        """);

    [TestCase("egress: [{hosts: [\"no-namespace.example.com\"]}]", "spec.egress[0].hosts[0]")]
    [TestCase("egress: [{port: {number: 80}}]", "spec.egress[0].hosts")]
    [TestCase("egress: [{hosts: [\"*/*\"]}, {hosts: [\"./*\"]}]", "spec.egress[1]")]
    [TestCase("egress: [{hosts: [\"*/*\"]}, {port: {number: 80}, hosts: [\"./*\"]}]", "spec.egress[0]")]
    [TestCase("ingress: [{port: {number: 80}, defaultEndpoint: \"10.0.0.1:80\"}]", "spec.ingress[0].defaultEndpoint")]
    [TestCase("egress: [{port: {number: 0}, hosts: [\"./*\"]}]", "spec.egress[0].port.number")]
    [TestCase("outboundTrafficPolicy: {mode: REGISTRY_ONLY, egressProxy: {host: proxy.example.com, port: {number: 3128}}}", "spec.outboundTrafficPolicy.egressProxy")]
    [TestCase("egress: [{port: {number: 80}, hosts: [\"*/*\"]}, {port: {number: 80}, hosts: [\"./*\"]}]", "spec.egress[1].port.number")]
    [TestCase("ingress: [{defaultEndpoint: 127.0.0.1:80}]", "spec.ingress[0].port")]
    [TestCase("ingress: [{port: {number: 99999}}]", "spec.ingress[0].port.number")]
    [TestCase("egress: [{port: {number: 80}, captureMode: REDIRECT, hosts: [\"./*\"]}]", "spec.egress[0].captureMode")]
    [TestCase("ingress: [{port: {number: 80}, captureMode: none}]", "spec.ingress[0].captureMode")]
    [TestCase("egress: [{port: {number: 0}, bind: \"unix:///var/run/a.sock\", captureMode: IPTABLES, hosts: [\"./*\"]}]", "spec.egress[0].captureMode")]
    [TestCase("egress: [{port: {number: 0}, bind: \"unix:///var/run/a.sock\", hosts: [\"./a\"]}, {port: {number: 0}, bind: \"unix:///var/run/a.sock\", hosts: [\"./b\"]}]", "spec.egress[1].bind")]
    [TestCase("egress: [{port: {number: 80, targetPort: 8080}, hosts: [\"./*\"]}]", "spec.egress[0].port.targetPort")]
    [TestCase("egress: [{port: {number: 80}, bind: \"localhost\", captureMode: NONE, hosts: [\"./*\"]}]", "spec.egress[0].bind")]
    [TestCase("ingress: [{port: {number: 80}, bind: \"unix:///var/run/a.sock\", captureMode: NONE}]", "spec.ingress[0].bind")]
    public void SidecarErrorsHaveIstioPaths(string spec, string path) =>
        Assert.That(ErrorPaths("Sidecar", spec), Does.Contain(path));

    [Test]
    public void CaptureModeNoneListenersOnLoopbackAndUnixSocketsAreValid() => AssertValid("Sidecar", """
        ingress:
        - port: {number: 9080, protocol: HTTP, name: http}
          bind: 0.0.0.0
          captureMode: NONE
          defaultEndpoint: 127.0.0.1:8080
        egress:
        - port: {number: 9080, protocol: HTTP, name: http}
          bind: 127.0.0.1
          captureMode: NONE
          hosts: ["./reviews.default.svc.cluster.local"]
        - port: {number: 0, protocol: HTTP, name: uds}
          bind: unix:///var/run/egress.sock
          captureMode: NONE
          hosts: ["./*"]
        - captureMode: IPTABLES
          hosts: ["*/*"]
        """);

    [Test]
    public void EmptySidecarIsAnError() =>
        Assert.That(ErrorPaths("Sidecar", "workloadSelector: {labels: {app: a}}"), Is.EquivalentTo(new[] { "spec" }));

    [Test]
    public void WorkloadEntryWithOnlyANetworkGetsAWarning() =>
        Assert.That(Warnings("WorkloadEntry", "network: network-2").Select(w => w.Path), Is.EquivalentTo(new[] { "spec.address" }));

    [Test]
    public void WorkloadEntryWithAddressOrNetworkIsValid()
    {
        AssertValid("WorkloadEntry", "address: 2001:db8::7\nports: {http: 8080}\nlabels: {app: vm}\n");
        AssertValid("WorkloadEntry", "address: vm1.example.com\n");
        AssertValid("WorkloadEntry", "network: network-2\nlabels: {app: remote}\n");
    }

    [Test]
    public void WorkloadEntryNeedsAnAddressOrNetwork() =>
        Assert.That(ErrorPaths("WorkloadEntry", "labels: {app: vm}"), Is.EquivalentTo(new[] { "spec.address" }));

    [TestCase("address: \"not an address\"", "spec.address")]
    [TestCase("address: 10.0.0.1\nports: {http: 0}", "spec.ports[http]")]
    [TestCase("address: 10.0.0.1\nports: {HTTP: 80}", "spec.ports[HTTP]")]
    [TestCase("address: unix:///var/run/app.sock\nports: {http: 80}", "spec.ports")]
    [TestCase("address: unix://relative.sock", "spec.address")]
    [TestCase("address: 10.0.0.1\nlabels: {\"a b\": c}", "spec.labels[a b]")]
    public void WorkloadEntryErrorsHaveIstioPaths(string spec, string path) =>
        Assert.That(ErrorPaths("WorkloadEntry", spec), Does.Contain(path));
}
