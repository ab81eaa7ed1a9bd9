using System.Diagnostics;
using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Xds.Protocol;

namespace Istiod.Net.Tests.EndToEnd;

/// <summary>
/// Real, independent xDS clients (grpc-js-xds on Node, gRPC C-core through python3-grpcio) call
/// real gRPC backends through xds:///host:port, routed by the real istiod-net binary from a folder
/// of Istio YAML. Each test has its own service host, so tests do not depend on each other's edits.
/// </summary>
[TestFixture]
[Category("e2e")]
[NonParallelizable]
public sealed class ProxylessGrpcClientTests
{
    private const string V1 = "v1";
    private const string V2 = "v2";

    private static readonly TimeSpan FirstRoutingTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ConfigChangeTimeout = TimeSpan.FromSeconds(15);

    private static readonly EchoScenario[] Scenarios =
    [
        new("weighted", host => EchoRoutes.Weighted(host, (V1, 80), (V2, 20))),
        new("header", host => EchoRoutes.HeaderMatch(host, "x-user", "tester", V2, V1)),
        new("edit", host => EchoRoutes.AllTo(host, V1)),
        new("acks", host => EchoRoutes.AllTo(host, V1)),
        new("broken-yaml", host => EchoRoutes.AllTo(host, V1)),
        new("broken-type", host => EchoRoutes.AllTo(host, V1)),
    ];

    private EchoMesh? _mesh;
    private readonly List<E2eXdsClient> _clients = [];

    private EchoMesh Mesh => _mesh ?? throw new InvalidOperationException("the mesh did not start");

    [OneTimeSetUp]
    public async Task StartMesh()
    {
        _mesh = await EchoMesh.StartAsync(Scenarios, [V1, V2]).WaitAsync(TimeSpan.FromMinutes(3));
        TestContext.Progress.WriteLine($"e2e: istiod-net on xDS port {Mesh.Istiod.XdsPort}, monitoring {Mesh.Istiod.MonitoringPort}; files and logs in {Mesh.Root}");
    }

    [OneTimeTearDown]
    public async Task StopMesh()
    {
        if (_mesh is null)
        {
            return;
        }
        await _mesh.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(60));
        if (TestContext.CurrentContext.Result.FailCount == 0)
        {
            Directory.Delete(_mesh.Root, recursive: true);
        }
    }

    /// <summary>
    /// Every test, whatever it routes, also proves its clients NACKed nothing: checked while they are
    /// still connected, so /debug/syncz still lists them.
    /// </summary>
    [TearDown]
    public async Task CheckNoNackThenStopClients()
    {
        try
        {
            // Also after a failure: a NACK is often the reason why routing did not happen.
            if (_clients.Count > 0 && _mesh is not null && !_mesh.Istiod.HasExited)
            {
                var ours = _clients.Select(c => c.NodeId).ToHashSet(StringComparer.Ordinal);
                var syncz = await _mesh.Istiod.GetSynczAsync().WaitAsync(TimeSpan.FromSeconds(15));
                var nacks = syncz
                    .Where(p => ours.Contains(p.ProxyId))
                    .SelectMany(p => p.Types.Where(t => t.Value.Nack is not null).Select(t => $"{p.ProxyId} {XdsTypeUrls.ShortName(t.Key)}: {t.Value.Nack!.Error}"))
                    .ToList();
                Assert.That(nacks, Is.Empty, "a client NACKed a response (see /debug/syncz)");
            }
        }
        finally
        {
            foreach (var client in _clients)
            {
                await client.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            }
            _clients.Clear();
            if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed && _mesh is not null)
            {
                TestContext.Out.WriteLine($"logs kept in {_mesh.LogDirectory}; {_mesh.Istiod.Describe()}");
            }
        }
    }

    [Test]
    public async Task WeightedSplitHoldsOverAThousandRpcs([Values] E2eClientKind kind)
    {
        var client = await StartClientAsync("weighted", kind);
        await client.PollUntilAsync(b => b.Ok == b.Rpcs, FirstRoutingTimeout);

        var result = await client.RunAsync(new E2eBatchRequest { Rpcs = 1000 });
        TestContext.Out.WriteLine($"{kind} weighted 80/20: {result}");

        var v1Percent = 100.0 * result.CountOf(V1) / result.Rpcs;
        Assert.Multiple(() =>
        {
            Assert.That(result.Ok, Is.EqualTo(1000), result.ToString());
            Assert.That(result.CountOf(V1) + result.CountOf(V2), Is.EqualTo(1000), result.ToString());
            Assert.That(v1Percent, Is.InRange(75.0, 85.0), $"share of v1 (weight 80); {result}");
        });
    }

    [Test]
    public async Task HeaderMatchSendsMatchingRpcsToOneSubset([Values] E2eClientKind kind)
    {
        var client = await StartClientAsync("header", kind);
        await client.PollUntilAsync(b => b.AllReached(V1), FirstRoutingTimeout);

        var matching = await client.RunAsync(new E2eBatchRequest { Rpcs = 200, Metadata = new Dictionary<string, string> { ["x-user"] = "tester" } });
        var otherValue = await client.RunAsync(new E2eBatchRequest { Rpcs = 200, Metadata = new Dictionary<string, string> { ["x-user"] = "someone-else" } });
        var noHeader = await client.RunAsync(new E2eBatchRequest { Rpcs = 200 });
        TestContext.Out.WriteLine($"{kind} x-user: tester -> {matching}");
        TestContext.Out.WriteLine($"{kind} x-user: someone-else -> {otherValue}");
        TestContext.Out.WriteLine($"{kind} no header -> {noHeader}");

        Assert.Multiple(() =>
        {
            Assert.That(matching.AllReached(V2), Is.True, $"matching header must reach v2 only: {matching}");
            Assert.That(otherValue.AllReached(V1), Is.True, $"another header value must take the default route to v1: {otherValue}");
            Assert.That(noHeader.AllReached(V1), Is.True, $"no header must take the default route to v1: {noHeader}");
        });
    }

    [Test]
    public async Task EditingTheVirtualServiceChangesRoutingWithinTwoSeconds([Values] E2eClientKind kind)
    {
        var service = Mesh.Service("edit", kind);
        var client = await StartClientAsync("edit", kind);
        await client.PollUntilAsync(b => b.AllReached(V1), FirstRoutingTimeout);

        // Written in place, as a person editing the file would; nothing is restarted.
        var clock = Stopwatch.StartNew();
        await File.WriteAllTextAsync(service.VirtualServiceFile, EchoMeshConfig.VirtualService(service, EchoRoutes.AllTo(service.Host, V2)));
        var switched = await client.PollUntilAsync(b => b.AllReached(V2), ConfigChangeTimeout);
        var elapsed = clock.Elapsed;
        var after = await client.RunAsync(new E2eBatchRequest { Rpcs = 200 });
        TestContext.Out.WriteLine($"{kind} edit v1 -> v2: first batch fully on v2 {elapsed.TotalMilliseconds:0} ms after the write ({switched}); then {after}");

        Assert.Multiple(() =>
        {
            Assert.That(elapsed, Is.LessThan(TimeSpan.FromSeconds(2)), "time from the file write to the first batch fully on the new route");
            Assert.That(after.AllReached(V2), Is.True, $"routing must stay on v2 after the switch: {after}");
        });
    }

    [Test]
    public async Task EveryTypeTheClientSubscribedToIsAckedAndNothingIsNacked([Values] E2eClientKind kind)
    {
        var service = Mesh.Service("acks", kind);
        var client = await StartClientAsync("acks", kind);
        await client.PollUntilAsync(b => b.AllReached(V1), FirstRoutingTimeout);

        // The client ACKs after it applied a response, so its last ACK may still be on its way.
        var deadline = DateTime.UtcNow + ConfigChangeTimeout;
        IReadOnlyList<E2eSynczProxy> syncz;
        E2eSynczProxy? mine;
        do
        {
            syncz = await Mesh.Istiod.GetSynczAsync().WaitAsync(TimeSpan.FromSeconds(15));
            mine = syncz.SingleOrDefault(p => p.ProxyId == client.NodeId);
        }
        while ((mine is null || !AllAcked(mine)) && DateTime.UtcNow < deadline && await Delay());

        Assert.That(mine, Is.Not.Null, $"{client.NodeId} not in /debug/syncz: {string.Join(", ", syncz.Select(p => p.ProxyId))}");
        foreach (var (typeUrl, state) in mine!.Types)
        {
            TestContext.Out.WriteLine($"{kind} {XdsTypeUrls.ShortName(typeUrl)}: subscribed [{string.Join(", ", state.Subscribed)}] sent {state.SentVersion} acked {state.AckedVersion} resources {state.ResourceCount} nack {state.Nack?.Error ?? "none"}");
        }
        Assert.Multiple(() =>
        {
            Assert.That(mine.Types.Keys, Is.SupersetOf(new[] { XdsTypeUrls.Listener, XdsTypeUrls.Route, XdsTypeUrls.Cluster, XdsTypeUrls.Endpoint }),
                "a proxyless gRPC client subscribes to LDS, RDS, CDS and EDS");
            foreach (var (typeUrl, state) in mine.Types)
            {
                var type = XdsTypeUrls.ShortName(typeUrl);
                Assert.That(state.Nack, Is.Null, $"{type} was NACKed: {state.Nack?.Error}");
                Assert.That(state.SentVersion, Is.Not.Null.And.Not.Empty, $"{type}: nothing sent");
                Assert.That(state.AckedVersion, Is.EqualTo(state.SentVersion), $"{type}: the version sent last is not ACKed");
                Assert.That(state.ResourceCount, Is.GreaterThan(0), $"{type}: no resources");
            }
            Assert.That(mine.Types.GetValueOrDefault(XdsTypeUrls.Listener)?.Subscribed, Does.Contain(service.ListenerName));
            Assert.That(mine.Types.GetValueOrDefault(XdsTypeUrls.Route)?.Subscribed, Does.Contain(service.ListenerName));
            Assert.That(mine.Types.GetValueOrDefault(XdsTypeUrls.Cluster)?.Subscribed, Does.Contain(service.ClusterName(V1)));
            Assert.That(mine.Types.GetValueOrDefault(XdsTypeUrls.Endpoint)?.Subscribed, Does.Contain(service.ClusterName(V1)));
            var nacks = syncz.SelectMany(p => p.Types.Where(t => t.Value.Nack is not null).Select(t => $"{p.ProxyId} {XdsTypeUrls.ShortName(t.Key)}: {t.Value.Nack!.Error}")).ToList();
            Assert.That(nacks, Is.Empty, "no connected client may have NACKed anything");
        });
    }

    [Test]
    public async Task BrokenVirtualServiceKeepsPreviousRoutingAndIsReported([Values] E2eClientKind kind, [Values] BrokenFileKind broken)
    {
        var scenario = broken == BrokenFileKind.BadYaml ? "broken-yaml" : "broken-type";
        var service = Mesh.Service(scenario, kind);
        var fileName = Path.GetFileName(service.VirtualServiceFile);
        var client = await StartClientAsync(scenario, kind);
        await client.PollUntilAsync(b => b.AllReached(V1), FirstRoutingTimeout);

        // The broken version would send everything to v2 if it were taken in any part.
        var good = EchoMeshConfig.VirtualService(service, EchoRoutes.AllTo(service.Host, V2));
        var content = broken == BrokenFileKind.BadYaml
            ? good.Replace($"  - {service.Host}\n", $"  - [{service.Host}\n", StringComparison.Ordinal)
            : EchoMeshConfig.VirtualService(service, EchoRoutes.Weighted(service.Host, (V1, 0), (V2, 100))).Replace("weight: 100", "weight: heavy", StringComparison.Ordinal);
        Assert.That(content, Is.Not.EqualTo(good), "the broken file must differ from the good one");
        await Mesh.ReplaceFileAsync(service.VirtualServiceFile, content);

        var rejected = await WaitForRejectionAsync(fileName, present: true);
        TestContext.Out.WriteLine($"{kind} {broken}: /debug/configz rejected {rejected}");
        var during = await client.RunAsync(new E2eBatchRequest { Rpcs = 200 });
        var configz = await Mesh.Istiod.GetConfigzAsync().WaitAsync(TimeSpan.FromSeconds(15));
        TestContext.Out.WriteLine($"{kind} {broken}: with the broken file in place {during}");

        Assert.Multiple(() =>
        {
            Assert.That(during.AllReached(V1), Is.True, $"the previous routing (all to v1) must stay in force: {during}");
            Assert.That(rejected!.Errors, Is.Not.Empty, "a rejected document must say why");
            Assert.That(rejected.Errors.Select(e => e.Message), Has.All.Not.Empty);
            if (broken == BrokenFileKind.WrongType)
            {
                Assert.That(rejected.Errors.Select(e => e.Path ?? ""), Has.Some.Contains("weight"), $"the error must name the field: {rejected}");
                Assert.That(rejected.Errors.Select(e => e.Path ?? ""), Has.Some.Contains("http"), $"the error must give the field's path: {rejected}");
            }
            Assert.That(configz.Configs.Any(c => c.Kind == "VirtualService" && c.Name == service.Name), Is.True,
                "the last good VirtualService must still be in force in /debug/configz");
        });

        // Repairing the file is picked up like any edit, and the rejection goes away.
        await Mesh.ReplaceFileAsync(service.VirtualServiceFile, good);
        var repaired = await client.PollUntilAsync(b => b.AllReached(V2), ConfigChangeTimeout);
        await WaitForRejectionAsync(fileName, present: false);
        TestContext.Out.WriteLine($"{kind} {broken}: after the repair {repaired}");
    }

    private static bool AllAcked(E2eSynczProxy proxy) =>
        proxy.Types.Count >= 4 && proxy.Types.Values.All(t => t.SentVersion is not null && t.AckedVersion == t.SentVersion);

    private static async Task<bool> Delay()
    {
        await Task.Delay(200);
        return true;
    }

    private async Task<E2eXdsClient> StartClientAsync(string scenario, E2eClientKind kind)
    {
        E2ePrerequisites.RequireClient(kind);
        var client = await Mesh.StartClientAsync(Mesh.Service(scenario, kind)).WaitAsync(TimeSpan.FromSeconds(90));
        _clients.Add(client);
        return client;
    }

    /// <summary>Polls /debug/configz until a rejected document from <paramref name="fileName"/> is (or is no longer) listed.</summary>
    private async Task<E2eConfigzRejected?> WaitForRejectionAsync(string fileName, bool present)
    {
        var deadline = DateTime.UtcNow + ConfigChangeTimeout;
        E2eConfigz configz;
        do
        {
            configz = await Mesh.Istiod.GetConfigzAsync().WaitAsync(TimeSpan.FromSeconds(15));
            var match = configz.Rejected.FirstOrDefault(r => r.Source.Contains(fileName, StringComparison.Ordinal));
            if ((match is not null) == present)
            {
                return match;
            }
            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Fail(present
            ? $"/debug/configz did not list {fileName} as rejected within {ConfigChangeTimeout.TotalSeconds} s; rejected: [{string.Join("; ", configz.Rejected)}]"
            : $"/debug/configz still lists {fileName} as rejected {ConfigChangeTimeout.TotalSeconds} s after it was repaired: [{string.Join("; ", configz.Rejected)}]");
        return null;
    }
}
