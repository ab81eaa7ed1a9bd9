using Envoy.Config.Cluster.V3;
using Istiod.Net.Config.Model;
using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Tests.Xds.Protocol;
using Istiod.Net.Xds.Generation;
using Istiod.Net.Xds.Protocol;
using Istiod.Net.Xds.Validation;
using Microsoft.Extensions.Logging;
using static Istiod.Net.Tests.Infrastructure.MeshConfigs;

namespace Istiod.Net.Tests.Xds.Generation;

/// <summary>
/// The provider's gate: a generated resource that breaks Envoy's validate.rules is not served, is logged and
/// counted, and proxies keep the last good version.
/// </summary>
public sealed class ResourceRulesGateTests
{
    private const string Rejected = "istiod_xds_rejected_resources";

    private static GeneratorTable Table() => new(
    [
        new GeneratorRule("test", _ => true, new GeneratorSet("test", [new TimeoutLabelClusterGenerator()])),
    ]);

    private static ConfigObject Gateway(string name, int timeoutSeconds) =>
        Object(TimeoutLabelClusterGenerator.Kind, "ns", name, new GatewaySpec(), Labels(("timeout", timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture))));

    [Test]
    public void A_bad_version_is_not_served_and_the_last_good_one_stays()
    {
        var logs = new GrpcTestServerLogProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        using var harness = new GenerationHarness([Gateway("edge", 5)], Table(), logger: factory.CreateLogger<XdsResourceProvider>());
        using var metrics = new MetricsRecorder(harness.Metrics);
        var proxy = harness.Connect("ns", proxyless: false);
        var good = harness.Generate(proxy, XdsTypeUrls.Cluster).Resources.Single();
        Assert.That(good.Resource.Unpack<Cluster>().ConnectTimeout.Seconds, Is.EqualTo(5));

        harness.Change(Gateway("edge", 0));
        var served = harness.Generate(proxy, XdsTypeUrls.Cluster).Resources;

        Assert.That(served, Has.Count.EqualTo(1));
        Assert.That(served[0].Version, Is.EqualTo(good.Version), "the last good version, not the new bad one");
        Assert.That(served[0].Resource.Unpack<Cluster>().ConnectTimeout.Seconds, Is.EqualTo(5));
        Assert.That(metrics.Sum(Rejected, "CDS"), Is.EqualTo(1));
        var error = logs.Entries.Single(e => e.Level == LogLevel.Error);
        Assert.That(error.EventId.Id, Is.EqualTo(4008));
        Assert.That(error.Message, Does.Contain("CDS edge").And.Contain("connect_timeout: value must be greater than 0s").And.Contain($"keeping version {good.Version}"));

        harness.Change(Gateway("edge", 7));
        var fixedAgain = harness.Generate(proxy, XdsTypeUrls.Cluster).Resources.Single();
        Assert.That(fixedAgain.Resource.Unpack<Cluster>().ConnectTimeout.Seconds, Is.EqualTo(7));
        Assert.That(metrics.Sum(Rejected, "CDS"), Is.EqualTo(1), "a good version is not counted");
    }

    [Test]
    public void A_resource_bad_from_the_start_is_left_out_and_the_others_are_served()
    {
        using var harness = new GenerationHarness([Gateway("bad", 0), Gateway("good", 1)], Table());
        using var metrics = new MetricsRecorder(harness.Metrics);
        var proxy = harness.Connect("ns", proxyless: false);

        var served = harness.Generate(proxy, XdsTypeUrls.Cluster).Resources;
        var named = harness.Generate(proxy, XdsTypeUrls.Cluster, "bad").Resources;

        Assert.That(served.Select(r => r.Name), Is.EqualTo(new[] { "good" }));
        Assert.That(named, Is.Empty);
        Assert.That(metrics.Sum(Rejected, "CDS"), Is.EqualTo(1), "generated once, then answered from the cache");
    }

    [Test]
    public void A_deleted_resource_forgets_its_last_good_version()
    {
        using var harness = new GenerationHarness([Gateway("edge", 5)], Table());
        var proxy = harness.Connect("ns", proxyless: false);
        Assert.That(harness.Generate(proxy, XdsTypeUrls.Cluster).Resources, Has.Count.EqualTo(1));

        harness.Change([], [Gateway("edge", 5).Key]);
        Assert.That(harness.Generate(proxy, XdsTypeUrls.Cluster, "edge").Resources, Is.Empty);
        harness.Change(Gateway("edge", 0));

        Assert.That(harness.Generate(proxy, XdsTypeUrls.Cluster, "edge").Resources, Is.Empty, "a resource that came back broken has no good version to fall back on");
    }

    [Test]
    public void The_checker_can_be_turned_off()
    {
        using var harness = new GenerationHarness([Gateway("bad", 0)], Table(), DisabledRulesChecker.Instance);
        using var metrics = new MetricsRecorder(harness.Metrics);
        var proxy = harness.Connect("ns", proxyless: false);

        Assert.That(harness.Generate(proxy, XdsTypeUrls.Cluster).Resources.Select(r => r.Name), Is.EqualTo(new[] { "bad" }));
        Assert.That(metrics.Sum(Rejected), Is.Zero);
    }
}
