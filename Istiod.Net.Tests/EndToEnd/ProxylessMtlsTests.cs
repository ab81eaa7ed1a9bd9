using System.Collections.Concurrent;
using Istiod.Net.Tests.Infrastructure;

namespace Istiod.Net.Tests.EndToEnd;

/// <summary>
/// Mutual TLS between real proxyless peers: an xDS-enabled grpc-js server (grpc-js-xds XdsServer) and
/// grpc-js-xds clients, with certificates from the mesh CA in files read by gRPC's file_watcher
/// certificate provider, and every security setting (server listener, client cluster) from istiod-net.
/// PeerAuthentication drives it: PERMISSIVE accepts a client with xDS credentials and a plaintext one,
/// STRICT refuses the plaintext one, and the switch loses no RPC of the mTLS client.
/// </summary>
[TestFixture]
[Category("e2e")]
[NonParallelizable]
public sealed class ProxylessMtlsTests
{
    private const string Name = "secure";
    private const string ClientAccount = "secure-client";
    private const string PolicyFile = "peerauthentication.yaml";

    private static readonly TimeSpan SwitchTimeout = TimeSpan.FromSeconds(30);

    private ProxylessSecureMesh? _mesh;

    private ProxylessSecureMesh Mesh => _mesh ?? throw new InvalidOperationException("the mesh is not running");

    [OneTimeSetUp]
    public async Task StartMesh()
    {
        _mesh = await ProxylessSecureMesh.StartAsync(Name, new Dictionary<string, string> { [PolicyFile] = ProxylessSecureMesh.PeerAuthentication(Name, "PERMISSIVE") });
    }

    [OneTimeTearDown]
    public Task StopMesh() => _mesh?.StopAfterFixtureAsync() ?? Task.CompletedTask;

    [TearDown]
    public void DescribeOnFailure() => _mesh?.DescribeIfTestFailed();

    [Test]
    public async Task PermissiveAcceptsBothClientsStrictRefusesPlaintextAndTheSwitchLosesNoMtlsRpc()
    {
        var mtls = await StartClientAsync("mtls-client", xdsCredentials: true);
        var plaintext = await StartClientAsync("plaintext-client", xdsCredentials: false);

        // PERMISSIVE: both reach the server. A gRPC server port speaks plaintext or TLS, not both, so
        // PERMISSIVE is plaintext and the control plane gives the mTLS-capable client plaintext too.
        var mtlsBefore = await mtls.PollUntilAsync(b => b.AllReached(Name), SwitchTimeout);
        var plainBefore = await plaintext.PollUntilAsync(b => b.AllReached(Name), SwitchTimeout);
        var mtlsPermissive = await mtls.RunAsync(new E2eBatchRequest { Rpcs = 200 });
        var plainPermissive = await plaintext.RunAsync(new E2eBatchRequest { Rpcs = 200 });
        TestContext.Out.WriteLine($"PERMISSIVE, xDS-credentials client: {mtlsPermissive}");
        TestContext.Out.WriteLine($"PERMISSIVE, plaintext client: {plainPermissive}");
        Assert.Multiple(() =>
        {
            Assert.That(mtlsBefore.AllReached(Name) && plainBefore.AllReached(Name), Is.True);
            Assert.That(mtlsPermissive.AllReached(Name), Is.True, $"PERMISSIVE must accept the mTLS-capable client: {mtlsPermissive}");
            Assert.That(plainPermissive.AllReached(Name), Is.True, $"PERMISSIVE must accept the plaintext client: {plainPermissive}");
        });

        // Switch to STRICT while the mTLS client sends RPCs without pause; every one must succeed. The
        // client and the server get their updates (cluster TLS, listener TLS) a moment apart, and in that
        // moment their connection attempts fail: one port cannot speak plaintext and TLS at once. The
        // client's RPCs ride through it with wait-for-ready, gRPC's way to wait for a usable connection
        // instead of failing fast; without it, RPCs started in that moment fail UNAVAILABLE.
        var batches = new ConcurrentQueue<E2eBatchResult>();
        using var stop = new CancellationTokenSource();
        var flow = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                batches.Enqueue(await mtls.RunAsync(new E2eBatchRequest { Rpcs = 50, Concurrency = 5, TimeoutMs = 10_000, WaitForReady = true }));
            }
        });
        await ReplacePolicyAsync("STRICT");

        var refused = await plaintext.PollUntilAsync(b => b.Ok == 0, SwitchTimeout, new E2eBatchRequest { Rpcs = 10, Concurrency = 10, TimeoutMs = 2000 });
        var deadline = DateTime.UtcNow + SwitchTimeout;
        while (DateTime.UtcNow < deadline && !batches.Any(b => b.Peers.GetValueOrDefault(ClientIdentity) == b.Rpcs) && !flow.IsCompleted)
        {
            await Task.Delay(100);
        }
        // Two more batches after the first fully mutual one, so the flow spans the whole switch.
        var seen = batches.Count;
        while (batches.Count < seen + 2 && !flow.IsCompleted && DateTime.UtcNow < deadline + SwitchTimeout)
        {
            await Task.Delay(100);
        }
        await stop.CancelAsync();
        await flow.WaitAsync(TimeSpan.FromSeconds(150));

        var all = batches.ToList();
        var total = all.Sum(b => b.Rpcs);
        var ok = all.Sum(b => b.Ok);
        var mutual = all.Sum(b => b.Peers.GetValueOrDefault(ClientIdentity));
        TestContext.Out.WriteLine($"switch: {all.Count} batches, {total} RPCs of the mTLS client, {ok} OK, {mutual} over mutual TLS; plaintext client after the switch: {refused}");
        foreach (var batch in all.Where(b => b.Ok != b.Rpcs))
        {
            TestContext.Out.WriteLine($"batch with failures: {batch}");
        }

        var mtlsStrict = await mtls.RunAsync(new E2eBatchRequest { Rpcs = 200 });
        var plainStrict = await plaintext.RunAsync(new E2eBatchRequest { Rpcs = 50, TimeoutMs = 2000 });
        TestContext.Out.WriteLine($"STRICT, xDS-credentials client: {mtlsStrict}");
        TestContext.Out.WriteLine($"STRICT, plaintext client: {plainStrict}");

        Assert.Multiple(() =>
        {
            Assert.That(ok, Is.EqualTo(total), "no RPC of the mTLS client may fail while PERMISSIVE becomes STRICT");
            Assert.That(mutual, Is.GreaterThan(0), "the flow must have reached the server over mutual TLS before it stopped");
            Assert.That(all.Sum(b => b.Peers.GetValueOrDefault("")), Is.GreaterThan(0), "the flow must have started before the switch (plaintext under PERMISSIVE)");
            Assert.That(mtlsStrict.AllReached(Name), Is.True, mtlsStrict.ToString());
            Assert.That(mtlsStrict.Peers.GetValueOrDefault(ClientIdentity), Is.EqualTo(200), $"the server must see the client's SPIFFE id: {mtlsStrict}");
            Assert.That(plainStrict.Ok, Is.Zero, $"STRICT must refuse the plaintext client: {plainStrict}");
            Assert.That(plainStrict.StatusCount("UNAVAILABLE"), Is.EqualTo(50), plainStrict.ToString());
        });
        await Mesh.AssertNoNackAsync();
    }

    private string ClientIdentity => Mesh.Identity(ClientAccount);

    private Task<E2eXdsClient> StartClientAsync(string podName, bool xdsCredentials) =>
        Mesh.StartClientAsync(podName, ClientAccount, xdsCredentials);

    private Task ReplacePolicyAsync(string mode) => Mesh.ReplaceConfigFileAsync(PolicyFile, ProxylessSecureMesh.PeerAuthentication(Name, mode));
}
