using System.Net;
using Envoy.Config.Core.V3;
using Google.Protobuf.WellKnownTypes;
using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Xds.Generation;
using Istiod.Net.Xds.Protocol;

namespace Istiod.Net.Tests.Xds.Generation;

public sealed class ProxyParserTests
{
    [Test]
    public void ReadsTheNodeIdAndIstioMetadata()
    {
        var metadata = new Struct();
        metadata.Fields["GENERATOR"] = Value.ForString("grpc");
        metadata.Fields["INSTANCE_IPS"] = Value.ForString("10.1.1.1, fd00::1");
        var labels = new Struct();
        labels.Fields["app"] = Value.ForString("echo");
        metadata.Fields["LABELS"] = Value.ForStruct(labels);
        metadata.Fields["CLUSTER_ID"] = Value.ForString("Kubernetes");

        var proxy = ProxyParser.Parse(new Node { Id = "sidecar~10.1.1.1~echo-7d9f.app~app.svc.cluster.local", Metadata = metadata }, GenerationHarness.Connection());

        Assert.Multiple(() =>
        {
            Assert.That(proxy.Kind, Is.EqualTo(ProxyKind.Sidecar));
            Assert.That(proxy.IpAddresses, Is.EqualTo(new[] { IPAddress.Parse("10.1.1.1"), IPAddress.Parse("fd00::1") }));
            Assert.That(proxy.WorkloadName, Is.EqualTo("echo-7d9f"));
            Assert.That(proxy.Namespace, Is.EqualTo("app"));
            Assert.That(proxy.DnsDomain, Is.EqualTo("app.svc.cluster.local"));
            Assert.That(proxy.IsProxyless, Is.True);
            Assert.That(proxy.Metadata.Labels["app"], Is.EqualTo("echo"));
            Assert.That(proxy.Metadata.ClusterId, Is.EqualTo("Kubernetes"));
        });
    }

    [TestCase(null, InterceptionMode.Redirect)]
    [TestCase("REDIRECT", InterceptionMode.Redirect)]
    [TestCase("TPROXY", InterceptionMode.Tproxy)]
    [TestCase("NONE", InterceptionMode.None)]
    [TestCase("none", InterceptionMode.Redirect)]
    [TestCase("bogus", InterceptionMode.Redirect)]
    public void InterceptionModeComesFromTheMetadataAndDefaultsToRedirect(string? value, InterceptionMode expected)
    {
        var metadata = new Struct();
        if (value is not null)
        {
            metadata.Fields["INTERCEPTION_MODE"] = Value.ForString(value);
        }

        var proxy = ProxyParser.Parse(new Node { Id = "sidecar~10.1.1.1~echo-7d9f.app~app.svc.cluster.local", Metadata = metadata }, GenerationHarness.Connection());
        Assert.That(proxy.Metadata.InterceptionMode, Is.EqualTo(expected));
        Assert.That(proxy.Workload.InterceptionMode, Is.EqualTo(expected), "generation sees it through the workload, which keys the cache");
    }

    [Test]
    public void MetadataNamespaceWinsOverTheIdAndRoutersAreRecognised()
    {
        var metadata = new Struct();
        metadata.Fields["NAMESPACE"] = Value.ForString("istio-system");
        var proxy = ProxyParser.Parse(new Node { Id = "router~10.0.0.9~ingress~cluster.local", Metadata = metadata }, GenerationHarness.Connection());
        Assert.That(proxy.Kind, Is.EqualTo(ProxyKind.Router));
        Assert.That(proxy.Namespace, Is.EqualTo("istio-system"));
        Assert.That(proxy.IsProxyless, Is.False);
    }

    [TestCase("", "node.id is empty")]
    [TestCase("sidecar~10.0.0.1~pod.ns", "has 3 '~'-separated parts; expected 4")]
    [TestCase("gateway~10.0.0.1~pod.ns~ns.svc.cluster.local", "type 'gateway' is not 'sidecar' or 'router'")]
    [TestCase("sidecar~not-an-ip~pod.ns~ns.svc.cluster.local", "'not-an-ip' is not an IP address")]
    [TestCase("sidecar~10.0.0.1~pod~ns.svc.cluster.local", "no namespace")]
    public void UnparsableNodeIdsAreRejectedWithTheReason(string id, string reason)
    {
        var error = Assert.Throws<XdsRejectedException>(() => ProxyParser.Parse(new Node { Id = id }, GenerationHarness.Connection()));
        Assert.That(error!.Message, Does.Contain(reason));
        Assert.That(error.Unauthenticated, Is.False);
    }

    [Test]
    public void TheProviderRejectsThroughConnect()
    {
        using var harness = new GenerationHarness([]);
        Assert.Throws<XdsRejectedException>(() => harness.Provider.Connect(new Node { Id = "bogus" }, GenerationHarness.Connection()));
        Assert.That(harness.Provider.Proxies, Is.Empty);
    }
}
