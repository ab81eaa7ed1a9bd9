using Envoy.Config.Cluster.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Istiod.Net.Config.Model;
using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Xds.Generation.Clusters;
using Istiod.Net.Xds.Generation.Tls;
using Istiod.Net.Xds.Protocol;
using static Istiod.Net.Tests.Infrastructure.MeshConfigs;
using OutlierDetection = Istiod.Net.Config.Model.OutlierDetection;

namespace Istiod.Net.Tests.Xds.Generation;

/// <summary>TLS and outlier detection in proxyless clusters (gRFC A29, A50).</summary>
public sealed class GrpcClusterTlsTests
{
    private const string Host = "echo.default.svc.cluster.local";
    private const string EchoCluster = $"outbound|7070||{Host}";

    private static readonly IReadOnlyDictionary<string, string> Mesh = Labels(("app", "echo"), ("security.istio.io/tlsMode", "istio"));

    private static ConfigObject Service(params WorkloadEntrySpec[] endpoints) => StaticService("default", "echo", "echo", [7070], endpoints);

    private static WorkloadEntrySpec Workload(string address, IReadOnlyDictionary<string, string> labels, string? serviceAccount) =>
        new() { Address = address, Labels = labels, ServiceAccount = serviceAccount };

    private static ConfigObject Policy(MutualTlsMode mode) =>
        Object("PeerAuthentication", "default", "echo", new PeerAuthenticationSpec
        {
            Selector = new MatchLabelsSelector { MatchLabels = Labels(("app", "echo")) },
            Mtls = new PeerAuthenticationMtls { Mode = mode },
        });

    private static ConfigObject Rule(TrafficPolicy policy) =>
        DestinationRule("default", "echo", new DestinationRuleSpec { Host = "echo", TrafficPolicy = policy });

    private static UpstreamTlsContext? Tls(Cluster cluster) => cluster.TransportSocket?.TypedConfig.Unpack<UpstreamTlsContext>();

#pragma warning disable CS0612 // gRPC reads the deprecated match_subject_alt_names
    private static IEnumerable<string> Sans(UpstreamTlsContext tls) => tls.CommonTlsContext.ValidationContext.MatchSubjectAltNames.Select(m => m.Exact);
#pragma warning restore CS0612

    [Test]
    public void AutoMtlsToStrictMeshWorkloadsMatchesTheirServiceAccounts()
    {
        using var harness = new GenerationHarness(
        [
            Service(Workload("10.0.0.1", Mesh, "echo"), Workload("10.0.0.2", Mesh, "echo-canary")),
            Policy(MutualTlsMode.Strict),
        ]);
        var client = harness.Connect("default");

        var tls = Tls(harness.Cluster(client, EchoCluster)!);

        Assert.That(tls, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(tls!.CommonTlsContext.TlsCertificateProviderInstance.InstanceName, Is.EqualTo(GrpcTls.ProviderInstance), "mutual: the client presents its certificate");
            Assert.That(tls.CommonTlsContext.ValidationContext.CaCertificateProviderInstance.InstanceName, Is.EqualTo(GrpcTls.ProviderInstance));
            Assert.That(Sans(tls), Is.EqualTo(new[] { "spiffe://cluster.local/ns/default/sa/echo", "spiffe://cluster.local/ns/default/sa/echo-canary" }));
            Assert.That(tls.CommonTlsContext.ValidationContext.MatchTypedSubjectAltNames, Is.Empty, "gRPC ignores the typed matchers");
        });
    }

    [TestCase(MutualTlsMode.Permissive)]
    [TestCase(MutualTlsMode.Disable)]
    public void AutoMtlsSendsPlaintextToDestinationsThatAcceptIt(MutualTlsMode mode)
    {
        using var harness = new GenerationHarness([Service(Workload("10.0.0.1", Mesh, "echo")), Policy(mode)]);
        var client = harness.Connect("default");

        Assert.That(harness.Cluster(client, EchoCluster)!.TransportSocket, Is.Null);
    }

    [Test]
    public void AutoMtlsNeedsEveryEndpointInTheMesh()
    {
        using var harness = new GenerationHarness(
        [
            Service(Workload("10.0.0.1", Mesh, "echo"), Workload("10.0.0.2", Labels(("app", "echo")), "echo")),
            Policy(MutualTlsMode.Strict),
        ]);
        var client = harness.Connect("default");

        Assert.That(harness.Cluster(client, EchoCluster)!.TransportSocket, Is.Null, "one endpoint without a sidecar or agent cannot speak mesh TLS");
    }

    [Test]
    public void BecomingStrictPushesTheClustersOfItsClients()
    {
        using var harness = new GenerationHarness([Service(Workload("10.0.0.1", Mesh, "echo")), Policy(MutualTlsMode.Permissive)]);
        var client = harness.Connect("default");
        Assert.That(harness.Cluster(client, EchoCluster)!.TransportSocket, Is.Null);

        harness.Change(Policy(MutualTlsMode.Strict));

        Assert.Multiple(() =>
        {
            Assert.That(harness.Pushes[^1].Types, Does.Contain(XdsTypeUrls.Cluster));
            Assert.That(harness.Pushes[^1].Affects!(client), Is.True);
            Assert.That(harness.Cluster(client, EchoCluster)!.TransportSocket, Is.Not.Null);
        });
    }

    [Test]
    public void DestinationRuleTlsModesOverrideAutoMtls()
    {
        using var strictMesh = new GenerationHarness([Service(Workload("10.0.0.1", Mesh, "echo")), Policy(MutualTlsMode.Strict), Rule(new TrafficPolicy { Tls = new ClientTlsSettings { Mode = ClientTlsMode.Disable } })]);
        Assert.That(strictMesh.Cluster(strictMesh.Connect("default"), EchoCluster)!.TransportSocket, Is.Null, "DISABLE");

        using var istioMutual = new GenerationHarness([Service(Workload("10.0.0.1", Labels(("app", "echo")), "echo")), Rule(new TrafficPolicy { Tls = new ClientTlsSettings { Mode = ClientTlsMode.IstioMutual } })]);
        var mutual = Tls(istioMutual.Cluster(istioMutual.Connect("default"), EchoCluster)!);
        Assert.That(mutual, Is.Not.Null, "ISTIO_MUTUAL needs no label");
        Assert.That(Sans(mutual!), Is.EqualTo(new[] { "spiffe://cluster.local/ns/default/sa/echo" }));

        using var simple = new GenerationHarness([Service(Workload("10.0.0.1", Labels(("app", "echo")), "echo")), Rule(new TrafficPolicy { Tls = new ClientTlsSettings { Mode = ClientTlsMode.Simple, SubjectAltNames = ["echo.example.com"] } })]);
        var oneWay = Tls(simple.Cluster(simple.Connect("default"), EchoCluster)!);
        Assert.Multiple(() =>
        {
            Assert.That(oneWay!.CommonTlsContext.TlsCertificateProviderInstance, Is.Null, "SIMPLE presents no client certificate");
            Assert.That(Sans(oneWay), Is.EqualTo(new[] { "echo.example.com" }));
        });
    }

    [Test]
    public void ConsecutiveErrorsBecomeFailurePercentageEjection()
    {
        using var harness = new GenerationHarness(
        [
            Service(Workload("10.0.0.1", Labels(("app", "echo")), null)),
            Rule(new TrafficPolicy { OutlierDetection = new OutlierDetection { Consecutive5xxErrors = 7, Interval = "2s", BaseEjectionTime = "1m", MaxEjectionPercent = 50 } }),
        ]);

        var outlier = harness.Cluster(harness.Connect("default"), EchoCluster)!.OutlierDetection;

        Assert.Multiple(() =>
        {
            Assert.That(outlier.Interval.ToTimeSpan(), Is.EqualTo(TimeSpan.FromSeconds(2)));
            Assert.That(outlier.BaseEjectionTime.ToTimeSpan(), Is.EqualTo(TimeSpan.FromMinutes(1)));
            Assert.That(outlier.MaxEjectionPercent, Is.EqualTo(50));
            Assert.That(outlier.EnforcingSuccessRate, Is.Zero, "gRPC turns success-rate ejection on unless told not to");
            Assert.That(outlier.EnforcingFailurePercentage, Is.EqualTo(100));
            Assert.That(outlier.FailurePercentageRequestVolume, Is.EqualTo(7));
            Assert.That(outlier.FailurePercentageThreshold, Is.EqualTo(GrpcOutlierDetectionTranslator.FailureThreshold));
            Assert.That(outlier.FailurePercentageMinimumHosts, Is.EqualTo(GrpcOutlierDetectionTranslator.MinimumHosts));
        });
    }

    [Test]
    public void OutlierDetectionDefaultsAndDisabling()
    {
        var defaults = GrpcOutlierDetectionTranslator.Translate(new OutlierDetection())!;
        Assert.Multiple(() =>
        {
            Assert.That(defaults.FailurePercentageRequestVolume, Is.EqualTo(GrpcOutlierDetectionTranslator.DefaultConsecutiveErrors));
            Assert.That(defaults.Interval.ToTimeSpan(), Is.EqualTo(TimeSpan.FromSeconds(10)));
            Assert.That(defaults.BaseEjectionTime.ToTimeSpan(), Is.EqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(defaults.MaxEjectionPercent, Is.EqualTo(10));
            Assert.That(GrpcOutlierDetectionTranslator.Translate(new OutlierDetection { ConsecutiveGatewayErrors = 3 })!.FailurePercentageRequestVolume, Is.EqualTo(3), "the lower count fires first");
            Assert.That(GrpcOutlierDetectionTranslator.Translate(new OutlierDetection { Consecutive5xxErrors = 0 }), Is.Null, "0 turns it off");
            Assert.That(GrpcOutlierDetectionTranslator.Translate(null), Is.Null);
        });
    }
}
