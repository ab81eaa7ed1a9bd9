using System.Collections.Concurrent;
using System.Globalization;
using Istiod.Net.Security.Ca;
using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Xds.Generation.Listeners;
using Istiod.Net.Xds.Protocol;

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
    private const string Namespace = E2eBootstrap.Namespace;
    private const string Name = "secure";
    private const string Host = $"{Name}.{Namespace}.svc.cluster.local";
    private const int ServicePort = 7070;
    private const string ServerAccount = "secure-server";
    private const string ClientAccount = "secure-client";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan SwitchTimeout = TimeSpan.FromSeconds(30);
    private static readonly Dictionary<string, string> ServerLabels = new() { ["app"] = "secure-server", ["security.istio.io/tlsMode"] = "istio" };

    private string _root = "";
    private CertificateAuthority? _ca;
    private IstiodProcess? _istiod;
    private E2eXdsBackend? _server;
    private readonly List<E2eXdsClient> _clients = [];

    private string ConfigDirectory => Path.Combine(_root, "config");
    private string LogDirectory => Path.Combine(_root, "logs");
    private string PolicyFile => Path.Combine(ConfigDirectory, "peerauthentication.yaml");
    private IstiodProcess Istiod => _istiod ?? throw new InvalidOperationException("istiod-net is not running");

    [OneTimeSetUp]
    public async Task StartMesh()
    {
        E2ePrerequisites.RequireNode();
        E2ePrerequisites.RequireIstiodBuild();
        _root = Path.Combine(Path.GetTempPath(), "istiod-net-e2e-mtls-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(ConfigDirectory);
        Directory.CreateDirectory(Path.Combine(_root, "staging"));
        _ca = CertificateAuthority.Create(new CertificateAuthorityOptions());

        var serverPort = E2eFreePorts.Take(1)[0];
        await File.WriteAllTextAsync(Path.Combine(ConfigDirectory, "service.yaml"), ServiceEntry(serverPort));
        await File.WriteAllTextAsync(PolicyFile, PeerAuthentication("PERMISSIVE"));
        _istiod = await IstiodProcess.StartAsync(ConfigDirectory, LogDirectory, StartTimeout);

        var serverOptions = new E2eBootstrapOptions
        {
            Labels = ServerLabels,
            ServiceAccount = ServerAccount,
            Certificates = E2eWorkloadCertificates.Write(_ca, _root, Namespace, ServerAccount),
            ServerListenerNameTemplate = GrpcServerListenerName.IstioPrefix + "%s",
        };
        _server = await E2eXdsBackend.StartAsync(Name, serverPort, Istiod.XdsPort, Path.Combine(_root, "server"), serverOptions, StartTimeout);
        TestContext.Progress.WriteLine($"e2e mTLS: istiod-net on xDS port {Istiod.XdsPort}, xDS server on {serverPort}; files and logs in {_root}");
    }

    [OneTimeTearDown]
    public async Task StopMesh()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        }
        if (_server is not null)
        {
            await _server.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        }
        if (_istiod is not null)
        {
            await _istiod.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(60));
        }
        _ca?.Dispose();
        if (TestContext.CurrentContext.Result.FailCount == 0 && _root.Length > 0)
        {
            Directory.Delete(_root, recursive: true);
        }
        else if (_root.Length > 0)
        {
            TestContext.Out.WriteLine($"logs kept in {LogDirectory} and {_root}");
        }
    }

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
        await AssertNoNackAsync();
    }

    private static string ClientIdentity => $"spiffe://cluster.local/ns/{Namespace}/sa/{ClientAccount}";

    private async Task AssertNoNackAsync()
    {
        var ours = _clients.Select(c => c.NodeId).Append(E2eBootstrap.NodeId($"server-{Name}")).ToHashSet(StringComparer.Ordinal);
        var syncz = await Istiod.GetSynczAsync().WaitAsync(TimeSpan.FromSeconds(15));
        var nacks = syncz
            .Where(p => ours.Contains(p.ProxyId))
            .SelectMany(p => p.Types.Where(t => t.Value.Nack is not null).Select(t => $"{p.ProxyId} {XdsTypeUrls.ShortName(t.Key)}: {t.Value.Nack!.Error}"))
            .ToList();
        Assert.That(nacks, Is.Empty, "a client or the server NACKed a response (see /debug/syncz)");
        Assert.That(syncz.Select(p => p.ProxyId), Does.Contain(E2eBootstrap.NodeId($"server-{Name}")), "the server must hold an xDS stream");
    }

    private async Task<E2eXdsClient> StartClientAsync(string podName, bool xdsCredentials)
    {
        var options = new E2eBootstrapOptions
        {
            Labels = new Dictionary<string, string> { ["app"] = podName },
            ServiceAccount = ClientAccount,
            // Both clients hold certificates, so both accept the TLS clusters (a client without a
            // certificate provider NACKs them); the plaintext one ignores them: its channel credentials
            // are insecure, as an application's that never opted into xDS security.
            Certificates = E2eWorkloadCertificates.Write(_ca!, _root, Namespace, ClientAccount),
        };
        var client = await E2eXdsClient.StartAsync(
            E2eClientKind.Node, podName, $"xds:///{Host}:{ServicePort}", Istiod.XdsPort, Path.Combine(_root, "clients"), StartTimeout,
            bootstrapOptions: options, xdsCredentials: xdsCredentials);
        _clients.Add(client);
        return client;
    }

    private async Task ReplacePolicyAsync(string mode)
    {
        // Written beside the folder and renamed over the file, as editors and ConfigMap volumes do.
        var staging = Path.Combine(_root, "staging", "peerauthentication.yaml");
        await File.WriteAllTextAsync(staging, PeerAuthentication(mode));
        File.Move(staging, PolicyFile, overwrite: true);
    }

    private static string ServiceEntry(int serverPort) => string.Create(CultureInfo.InvariantCulture, $"""
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata:
          name: {Name}
          namespace: {Namespace}
        spec:
          hosts:
          - {Host}
          location: MESH_INTERNAL
          resolution: STATIC
          ports:
          - number: {ServicePort}
            name: grpc
            protocol: GRPC
          endpoints:
          - address: 127.0.0.1
            ports:
              grpc: {serverPort}
            serviceAccount: {ServerAccount}
            labels:
              app: secure-server
              security.istio.io/tlsMode: istio

        """);

    private static string PeerAuthentication(string mode) => string.Create(CultureInfo.InvariantCulture, $"""
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata:
          name: secure-server
          namespace: {Namespace}
        spec:
          selector:
            matchLabels:
              app: secure-server
          mtls:
            mode: {mode}

        """);
}
