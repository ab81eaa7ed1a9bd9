using System.Globalization;
using Istiod.Net.Security.Ca;
using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Xds.Generation.Listeners;
using Istiod.Net.Xds.Protocol;

namespace Istiod.Net.Tests.EndToEnd;

/// <summary>
/// The world of the proxyless security tests: one xDS-enabled grpc-js server (e2e/xds-backend.js) behind a
/// ServiceEntry, the real istiod-net serving a config folder, and grpc-js-xds clients, every workload with
/// certificates from a mesh CA in files (gRPC's file_watcher certificate provider), as an agent would leave
/// them. The server is labelled <c>app: {name}-server</c> and runs as service account <c>{name}-server</c>,
/// so PeerAuthentication and AuthorizationPolicy select it by that label. Everything, logs included, lives
/// under one temporary directory.
/// </summary>
public sealed class ProxylessSecureMesh : IAsyncDisposable
{
    public const string Namespace = E2eBootstrap.Namespace;
    public const int ServicePort = 7070;
    public const string ServiceFile = "service.yaml";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly List<E2eXdsClient> _clients = [];
    private IstiodProcess? _istiod;
    private E2eXdsBackend? _server;
    private bool _stopped;

    private ProxylessSecureMesh(string name, string root)
    {
        Name = name;
        Root = root;
        Ca = CertificateAuthority.Create(new CertificateAuthorityOptions());
    }

    /// <summary>The service's short name; the server reports it as its backend name.</summary>
    public string Name { get; }

    public string Host => $"{Name}.{Namespace}.svc.cluster.local";

    public string Target => $"xds:///{Host}:{ServicePort}";

    public string ServerAccount => $"{Name}-server";

    /// <summary>The value of the server's <c>app</c> label, which policies select.</summary>
    public string ServerApp => ServerAppOf(Name);

    public string ServerNodeId => E2eBootstrap.NodeId($"server-{Name}");

    public string Root { get; }

    public string ConfigDirectory => Path.Combine(Root, "config");

    public string LogDirectory => Path.Combine(Root, "logs");

    public CertificateAuthority Ca { get; }

    public IstiodProcess Istiod => _istiod ?? throw new InvalidOperationException("istiod-net is not running");

    public E2eXdsBackend Server => _server ?? throw new InvalidOperationException("the xDS server is not running");

    public IReadOnlyList<E2eXdsClient> Clients => _clients;

    /// <summary>
    /// Writes the ServiceEntry and <paramref name="configFiles"/> (file name → YAML) into the config folder,
    /// starts istiod-net on it, then the server with <paramref name="serverEnvironment"/>, and returns once
    /// the server serves (it has its listener from the control plane).
    /// </summary>
    public static async Task<ProxylessSecureMesh> StartAsync(
        string name, IReadOnlyDictionary<string, string> configFiles, IReadOnlyDictionary<string, string>? serverEnvironment = null)
    {
        E2ePrerequisites.RequireNode();
        E2ePrerequisites.RequireIstiodBuild();
        var mesh = new ProxylessSecureMesh(name, Path.Combine(Path.GetTempPath(), $"istiod-net-e2e-{name}-" + Guid.NewGuid().ToString("N")[..8]));
        try
        {
            Directory.CreateDirectory(mesh.ConfigDirectory);
            Directory.CreateDirectory(Path.Combine(mesh.Root, "staging"));
            var serverPort = E2eFreePorts.Take(1)[0];
            await File.WriteAllTextAsync(Path.Combine(mesh.ConfigDirectory, ServiceFile), mesh.ServiceEntry(serverPort)).ConfigureAwait(false);
            foreach (var (file, content) in configFiles)
            {
                await File.WriteAllTextAsync(Path.Combine(mesh.ConfigDirectory, file), content).ConfigureAwait(false);
            }
            mesh._istiod = await IstiodProcess.StartAsync(mesh.ConfigDirectory, mesh.LogDirectory, StartTimeout).ConfigureAwait(false);

            var serverOptions = new E2eBootstrapOptions
            {
                Labels = mesh.ServerLabels,
                ServiceAccount = mesh.ServerAccount,
                Certificates = E2eWorkloadCertificates.Write(mesh.Ca, mesh.Root, Namespace, mesh.ServerAccount),
                ServerListenerNameTemplate = GrpcServerListenerName.IstioPrefix + "%s",
            };
            mesh._server = await E2eXdsBackend.StartAsync(
                name, serverPort, mesh.Istiod.XdsPort, Path.Combine(mesh.Root, "server"), serverOptions, StartTimeout, serverEnvironment).ConfigureAwait(false);
            TestContext.Progress.WriteLine($"e2e {name}: istiod-net on xDS port {mesh.Istiod.XdsPort}, xDS server on {serverPort}; files and logs in {mesh.Root}");
            return mesh;
        }
        catch
        {
            await mesh.StopAsync(keepFiles: true).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The SPIFFE id a workload running as <paramref name="serviceAccount"/> presents.</summary>
    public string Identity(string serviceAccount) => $"spiffe://{Ca.TrustDomain}/ns/{Namespace}/sa/{serviceAccount}";

    /// <summary>
    /// Starts a grpc-js-xds client of the service running as <paramref name="serviceAccount"/>, with a certificate
    /// of that identity. With <paramref name="xdsCredentials"/> its channel speaks mTLS where the control plane
    /// says so; without, it ignores the clusters' TLS and always speaks plaintext.
    /// </summary>
    public async Task<E2eXdsClient> StartClientAsync(string podName, string serviceAccount, bool xdsCredentials)
    {
        var options = new E2eBootstrapOptions
        {
            Labels = new Dictionary<string, string> { ["app"] = podName },
            ServiceAccount = serviceAccount,
            // Every client holds certificates, so every client accepts the TLS clusters (a client without a
            // certificate provider NACKs them); a plaintext one ignores them: its channel credentials are
            // insecure, as an application's that never opted into xDS security.
            Certificates = E2eWorkloadCertificates.Write(Ca, Root, Namespace, serviceAccount),
        };
        var client = await E2eXdsClient.StartAsync(
            E2eClientKind.Node, podName, Target, Istiod.XdsPort, Path.Combine(Root, "clients"), StartTimeout,
            bootstrapOptions: options, xdsCredentials: xdsCredentials).ConfigureAwait(false);
        _clients.Add(client);
        return client;
    }

    /// <summary>
    /// Replaces a file of the config folder by writing it beside the folder and renaming it over the
    /// original, as editors and ConfigMap volumes do, so the watcher never reads half a file.
    /// </summary>
    public async Task ReplaceConfigFileAsync(string file, string content)
    {
        var staging = Path.Combine(Root, "staging", file + "." + Guid.NewGuid().ToString("N")[..6]);
        await File.WriteAllTextAsync(staging, content).ConfigureAwait(false);
        File.Move(staging, Path.Combine(ConfigDirectory, file), overwrite: true);
    }

    /// <summary>Deletes a file of the config folder: the config it held is withdrawn.</summary>
    public void DeleteConfigFile(string file) => File.Delete(Path.Combine(ConfigDirectory, file));

    /// <summary>Fails if the server or one of this mesh's clients NACKed a response, or the server holds no xDS stream.</summary>
    public async Task AssertNoNackAsync()
    {
        var ours = _clients.Select(c => c.NodeId).Append(ServerNodeId).ToHashSet(StringComparer.Ordinal);
        var syncz = await Istiod.GetSynczAsync().WaitAsync(TimeSpan.FromSeconds(15)).ConfigureAwait(false);
        var nacks = syncz
            .Where(p => ours.Contains(p.ProxyId))
            .SelectMany(p => p.Types.Where(t => t.Value.Nack is not null).Select(t => $"{p.ProxyId} {XdsTypeUrls.ShortName(t.Key)}: {t.Value.Nack!.Error}"))
            .ToList();
        Assert.That(nacks, Is.Empty, "a client or the server NACKed a response (see /debug/syncz)");
        Assert.That(syncz.Select(p => p.ProxyId), Does.Contain(ServerNodeId), "the server must hold an xDS stream");
    }

    /// <summary>Every process's state and last output (stderr included): what a failed test prints.</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (_istiod is not null)
        {
            parts.Add(_istiod.Describe());
        }
        if (_server is not null)
        {
            parts.Add(_server.Describe());
        }
        parts.AddRange(_clients.Select(c => c.Describe()));
        return string.Join("\n\n", parts);
    }

    /// <summary>The <c>app</c> label of the server of the mesh named <paramref name="name"/>.</summary>
    public static string ServerAppOf(string name) => $"{name}-server";

    /// <summary>
    /// For a fixture's [TearDown]: when the test that just ran failed, prints every process's last output,
    /// so the failure shows what the server and the clients said (grpc-js reports xDS and TLS trouble on stderr).
    /// </summary>
    public void DescribeIfTestFailed()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
        {
            TestContext.Out.WriteLine(Describe());
        }
    }

    /// <summary>A PeerAuthentication for the server's workload of the mesh named <paramref name="name"/>.</summary>
    public static string PeerAuthentication(string name, string mode) => string.Create(CultureInfo.InvariantCulture, $"""
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata:
          name: {ServerAppOf(name)}
          namespace: {Namespace}
        spec:
          selector:
            matchLabels:
              app: {ServerAppOf(name)}
          mtls:
            mode: {mode}

        """);

    /// <summary>For a fixture's [OneTimeTearDown]: stops every process, and keeps the files when a test of the fixture failed.</summary>
    public Task StopAfterFixtureAsync() => StopAsync(keepFiles: TestContext.CurrentContext.Result.FailCount > 0);

    /// <summary>Stops every process; the files stay when <paramref name="keepFiles"/> (a failed test's logs).</summary>
    public async Task StopAsync(bool keepFiles)
    {
        if (_stopped)
        {
            return;
        }
        _stopped = true;
        foreach (var client in _clients)
        {
            await client.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        }
        _clients.Clear();
        if (_server is not null)
        {
            await _server.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            _server = null;
        }
        if (_istiod is not null)
        {
            await _istiod.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
            _istiod = null;
        }
        Ca.Dispose();
        if (keepFiles)
        {
            TestContext.Out.WriteLine($"logs kept in {LogDirectory} and {Root}");
        }
        else if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync(keepFiles: true));

    private Dictionary<string, string> ServerLabels => new() { ["app"] = ServerApp, ["security.istio.io/tlsMode"] = "istio" };

    private string ServiceEntry(int serverPort) => string.Create(CultureInfo.InvariantCulture, $"""
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
              app: {ServerApp}
              security.istio.io/tlsMode: istio

        """);
}
