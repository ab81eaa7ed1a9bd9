using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Xds.Protocol;

namespace Istiod.Net.Tests.EndToEnd;

/// <summary>
/// Istio's resilience features, applied by real xDS clients (grpc-js-xds and gRPC C-core) from the
/// resources istiod-net generates: retries, timeouts, fault injection, ring hash, outlier detection and
/// circuit breaking. Backends misbehave on request (echo-service.js): fail the first attempts of an RPC,
/// answer late, or (backend "bad") fail everything. Assertions count outcomes, never time.
/// </summary>
[TestFixture]
[Category("e2e")]
[NonParallelizable]
public sealed class ProxylessResilienceTests
{
    private const string A = "a";
    private const string B = "b";
    private const string C = "c";
    private const string Bad = "bad";
    private const string RpcId = "x-rpc-id";

    private static readonly TimeSpan FirstRoutingTimeout = TimeSpan.FromSeconds(30);

    private static readonly EchoScenario[] Scenarios =
    [
        new("retry", host => EchoRoutes.AllTo(host, A, "retries:\n  attempts: 3\n  retryOn: unavailable\n")),
        // 5 s, not less: gRPC C-core 1.51 (python3-grpcio) ends a method-config timeout about 1-2 s early,
        // with or without xDS (see docs/DESIGN.md), so a 1 s route timeout would fail even instant RPCs there.
        new("timeout", host => EchoRoutes.AllTo(host, A, "timeout: 5s\n")),
        new("abort", host => EchoRoutes.AllTo(host, A, "fault:\n  abort:\n    percentage:\n      value: 50\n    grpcStatus: UNAVAILABLE\n")),
        new("delay", host => EchoRoutes.AllTo(host, A, "fault:\n  delay:\n    percentage:\n      value: 100\n    fixedDelay: 30s\n")),
        new("ringhash", host => EchoRoutes.ToService(host),
            TrafficPolicy: "  trafficPolicy:\n    loadBalancer:\n      consistentHash:\n        httpHeaderName: x-user\n",
            Endpoints: [A, B, C]),
        new("outlier", host => EchoRoutes.ToService(host),
            TrafficPolicy: "  trafficPolicy:\n    outlierDetection:\n      consecutive5xxErrors: 5\n      interval: 1s\n      baseEjectionTime: 10m\n      maxEjectionPercent: 50\n",
            Endpoints: [A, Bad]),
        new("breaker", host => EchoRoutes.AllTo(host, A),
            TrafficPolicy: "  trafficPolicy:\n    connectionPool:\n      http:\n        http2MaxRequests: 3\n        maxRequestsPerConnection: 3\n"),
    ];

    private EchoMesh? _mesh;
    private readonly List<E2eXdsClient> _clients = [];

    private EchoMesh Mesh => _mesh ?? throw new InvalidOperationException("the mesh did not start");

    [OneTimeSetUp]
    public async Task StartMesh()
    {
        _mesh = await EchoMesh.StartAsync(Scenarios, [A, B, C, Bad], new Dictionary<string, string> { [Bad] = "UNAVAILABLE" })
            .WaitAsync(TimeSpan.FromMinutes(3));
        TestContext.Progress.WriteLine($"e2e resilience: istiod-net on xDS port {Mesh.Istiod.XdsPort}; files and logs in {Mesh.Root}");
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

    [TearDown]
    public async Task CheckNoNackThenStopClients()
    {
        try
        {
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
    public async Task RetriesOnUnavailableSucceedWithinTheAttemptsAndFailBeyondThem([Values] E2eClientKind kind)
    {
        var client = await StartClientAsync("retry", kind);
        await client.PollUntilAsync(b => b.AllReached(A), FirstRoutingTimeout);

        // attempts: 3 allows three retries after the first try. Every RPC carries its own id, which its
        // retries repeat, and the backend fails the first N tries of each id.
        var recovered = await client.RunAsync(Failing(100, failTimes: 3));
        var exhausted = await client.RunAsync(Failing(100, failTimes: 4));
        TestContext.Out.WriteLine($"{kind} 3 failures, 3 retries: {recovered}");
        TestContext.Out.WriteLine($"{kind} 4 failures, 3 retries: {exhausted}");

        Assert.Multiple(() =>
        {
            Assert.That(recovered.AllReached(A), Is.True, $"every RPC must succeed on its 4th try: {recovered}");
            Assert.That(exhausted.StatusCount("UNAVAILABLE"), Is.EqualTo(100), $"with more failures than tries every RPC must fail UNAVAILABLE: {exhausted}");
        });
    }

    [Test]
    public async Task VirtualServiceTimeoutEndsSlowRpcsWithDeadlineExceeded([Values] E2eClientKind kind)
    {
        var client = await StartClientAsync("timeout", kind);
        await client.PollUntilAsync(b => b.AllReached(A), FirstRoutingTimeout);

        // The client's own deadline (30 s) is far beyond the route's 5 s, and the backend answers after 10 s:
        // only the route's timeout can end these RPCs with DEADLINE_EXCEEDED.
        var slow = await client.RunAsync(new E2eBatchRequest { Rpcs = 20, TimeoutMs = 30_000, Metadata = Header("x-delay-ms", "10000") });
        var fast = await client.RunAsync(new E2eBatchRequest { Rpcs = 50, TimeoutMs = 30_000 });
        TestContext.Out.WriteLine($"{kind} backend slower than the route timeout: {slow}");
        TestContext.Out.WriteLine($"{kind} backend answering at once: {fast}");

        Assert.Multiple(() =>
        {
            Assert.That(slow.StatusCount("DEADLINE_EXCEEDED"), Is.EqualTo(20), slow.ToString());
            Assert.That(fast.AllReached(A), Is.True, fast.ToString());
        });
    }

    [Test]
    public async Task FaultAbortFailsTheConfiguredShareWithTheConfiguredStatus([Values] E2eClientKind kind)
    {
        var client = await StartClientAsync("abort", kind);
        await client.PollUntilAsync(b => b.CountOf(A) > 0, FirstRoutingTimeout);

        var result = await client.RunAsync(new E2eBatchRequest { Rpcs = 1000 });
        TestContext.Out.WriteLine($"{kind} abort 50% UNAVAILABLE: {result}");

        var abortedPercent = 100.0 * result.StatusCount("UNAVAILABLE") / result.Rpcs;
        Assert.Multiple(() =>
        {
            Assert.That(result.StatusCount("UNAVAILABLE") + result.Ok, Is.EqualTo(1000), $"only aborts and successes: {result}");
            Assert.That(result.CountOf(A), Is.EqualTo(result.Ok), result.ToString());
            Assert.That(abortedPercent, Is.InRange(42.0, 58.0), $"share aborted (50% configured): {result}");
        });
    }

    [Test]
    public async Task FaultDelayHoldsRpcsBeyondTheirDeadline([Values] E2eClientKind kind)
    {
        var client = await StartClientAsync("delay", kind);

        // Every RPC is delayed 30 s by the fault filter, so with a 2 s deadline none may get through,
        // while before the route arrived RPCs fail differently (UNAVAILABLE); poll until the fault applies.
        var delayed = await client.PollUntilAsync(b => b.StatusCount("DEADLINE_EXCEEDED") == b.Rpcs, FirstRoutingTimeout,
            new E2eBatchRequest { Rpcs = 20, Concurrency = 20, TimeoutMs = 2000 });
        TestContext.Out.WriteLine($"{kind} delay 30s, deadline 2s: {delayed}");

        Assert.That(delayed.Ok, Is.Zero, delayed.ToString());
    }

    [Test]
    public async Task RingHashSendsEachHeaderValueToOneBackendAndSpreadsValues([Values] E2eClientKind kind)
    {
        if (kind == E2eClientKind.Python && E2eRingHashProbe.PythonCrash() is { } crash)
        {
            // gRPC C-core 1.51.1 bug, not our resources (docs/DESIGN.md): every ring_hash policy segfaults
            // the process when it replaces its first picker (the subchannels' first IDLE reports), before
            // any connection, with or without xDS. The probe reproduces it without istiod-net, so a core
            // with the upstream fix (grpc/grpc#32012) runs this test.
            Assert.Ignore("gRPC C-core 1.51.1 crashes on any ring_hash LB policy (Picker destructor's WorkSerializerRunner run as "
                + $"SubchannelConnectionAttempter, grpc/grpc#31766), reproduced without xDS: {crash}");
        }

        var client = await StartClientAsync("ringhash", kind);
        await client.PollUntilAsync(b => b.Ok == b.Rpcs, FirstRoutingTimeout);

        var landing = new Dictionary<string, E2eBatchResult>();
        for (var user = 0; user < 24; user++)
        {
            landing[$"user-{user}"] = await client.RunAsync(new E2eBatchRequest { Rpcs = 20, Metadata = Header("x-user", $"user-{user}") });
        }
        foreach (var (user, result) in landing)
        {
            TestContext.Out.WriteLine($"{kind} x-user {user}: {result}");
        }

        var backendsUsed = landing.Values.SelectMany(r => r.Backends.Keys).ToHashSet();
        Assert.Multiple(() =>
        {
            foreach (var (user, result) in landing)
            {
                Assert.That(result.Ok, Is.EqualTo(20), $"{user}: {result}");
                Assert.That(result.Backends, Has.Count.EqualTo(1), $"{user} must always land on the same backend: {result}");
            }
            Assert.That(backendsUsed, Has.Count.GreaterThanOrEqualTo(2), $"24 header values must spread over the backends, used: {string.Join(", ", backendsUsed)}");
        });
    }

    [Test]
    public async Task OutlierDetectionEjectsTheFailingBackend([Values] E2eClientKind kind)
    {
        var client = await StartClientAsync("outlier", kind);
        var before = await client.PollUntilAsync(b => b.Ok > 0, FirstRoutingTimeout, new E2eBatchRequest { Rpcs = 100, Concurrency = 10, TimeoutMs = 2000 });
        TestContext.Out.WriteLine($"{kind} before ejection: {before}");

        // Ejection happens at the end of an interval (1 s); wait for a batch without a failure, then
        // check that the bad backend stays out for many RPCs.
        var clean = await client.PollUntilAsync(b => b.AllReached(A), FirstRoutingTimeout, new E2eBatchRequest { Rpcs = 50, Concurrency = 10, TimeoutMs = 2000 });
        var after = await client.RunAsync(new E2eBatchRequest { Rpcs = 500 });
        TestContext.Out.WriteLine($"{kind} first clean batch: {clean}; then {after}");

        Assert.Multiple(() =>
        {
            Assert.That(before.StatusCount("UNAVAILABLE"), Is.GreaterThan(0), $"the failing backend must have been in rotation at first: {before}");
            Assert.That(after.AllReached(A), Is.True, $"after ejection every RPC must avoid the failing backend: {after}");
        });
    }

    [Test]
    public async Task CircuitBreakerRejectsConcurrentRpcsBeyondMaxRequests([Values] E2eClientKind kind)
    {
        var client = await StartClientAsync("breaker", kind);

        // The warm-up stays within the limit (3 at a time), or the breaker itself would keep it from passing.
        await client.PollUntilAsync(b => b.AllReached(A), FirstRoutingTimeout, new E2eBatchRequest { Rpcs = 9, Concurrency = 3 });

        // 30 concurrent RPCs, started 50 ms apart and each held 5 s by the backend: with http2MaxRequests 3
        // only the first three may be in flight, the rest are refused by the client itself. (Started in one
        // tick, grpc-js would pick them all before counting any as started, and let them all through.)
        var burst = await client.RunAsync(new E2eBatchRequest { Rpcs = 30, Concurrency = 30, StaggerMs = 50, TimeoutMs = 20_000, Metadata = Header("x-delay-ms", "5000") });
        var calm = await client.RunAsync(new E2eBatchRequest { Rpcs = 30, Concurrency = 3 });
        TestContext.Out.WriteLine($"{kind} 30 concurrent RPCs, limit 3: {burst}");
        TestContext.Out.WriteLine($"{kind} 30 RPCs, 3 at a time: {calm}");

        Assert.Multiple(() =>
        {
            Assert.That(burst.Ok, Is.InRange(1, 3), $"at most http2MaxRequests RPCs in flight: {burst}");
            Assert.That(burst.StatusCount("UNAVAILABLE"), Is.EqualTo(30 - burst.Ok), $"the excess fails UNAVAILABLE: {burst}");
            Assert.That(calm.AllReached(A), Is.True, $"within the limit nothing is refused: {calm}");
        });
    }

    private static E2eBatchRequest Failing(int rpcs, int failTimes) => new()
    {
        Rpcs = rpcs,
        Concurrency = 10,
        Metadata = Header("x-fail-times", failTimes.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        RpcIdHeader = RpcId,
    };

    private static Dictionary<string, string> Header(string name, string value) => new() { [name] = value };

    private async Task<E2eXdsClient> StartClientAsync(string scenario, E2eClientKind kind)
    {
        // C-core 1.51 keeps outlier detection behind this switch (grpc-js-xds 1.14 has it on); only the
        // outlier test turns it on, as it wraps every cluster's balancer, ring hash included.
        var environment = scenario == "outlier"
            ? new Dictionary<string, string> { ["GRPC_EXPERIMENTAL_ENABLE_OUTLIER_DETECTION"] = "true" }
            : null;
        var client = await Mesh.StartClientAsync(Mesh.Service(scenario, kind), environment);
        _clients.Add(client);
        return client;
    }
}
