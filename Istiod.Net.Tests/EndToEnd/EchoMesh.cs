using System.Globalization;
using Istiod.Net.Tests.Infrastructure;

namespace Istiod.Net.Tests.EndToEnd;

/// <summary>
/// The world the end-to-end tests run in: real gRPC backends "v1" and "v2", a config folder with
/// a ServiceEntry, DestinationRule and VirtualService per scenario and client kind, and the real
/// istiod-net binary serving that folder. Everything lives under one temporary directory, which
/// also holds every process's log.
/// </summary>
public sealed class EchoMesh : IAsyncDisposable
{
    public const int ServicePort = 7070;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Dictionary<(string, E2eClientKind), EchoService> _services = [];
    private readonly List<E2eBackend> _backends = [];
    private IstiodProcess? _istiod;

    private EchoMesh(string root)
    {
        Root = root;
    }

    public string Root { get; }

    public string ConfigDirectory => Path.Combine(Root, "config");

    public string LogDirectory => Path.Combine(Root, "logs");

    public IstiodProcess Istiod => _istiod ?? throw new InvalidOperationException("istiod-net is not running");

    public IReadOnlyList<E2eBackend> Backends => _backends;

    /// <summary>
    /// Starts the backends (those in <paramref name="failingBackends"/> fail every RPC with the given gRPC
    /// status), writes every scenario's files, then starts the control plane.
    /// </summary>
    public static async Task<EchoMesh> StartAsync(
        IEnumerable<EchoScenario> scenarios, string[] backendNames, IReadOnlyDictionary<string, string>? failingBackends = null)
    {
        E2ePrerequisites.RequireNode();
        E2ePrerequisites.RequireIstiodBuild();
        var root = Path.Combine(Path.GetTempPath(), "istiod-net-e2e-" + Guid.NewGuid().ToString("N")[..8]);
        var mesh = new EchoMesh(root);
        try
        {
            Directory.CreateDirectory(mesh.ConfigDirectory);
            Directory.CreateDirectory(Path.Combine(root, "staging"));
            foreach (var name in backendNames)
            {
                mesh._backends.Add(await E2eBackend.StartAsync(name, mesh.LogDirectory, StartTimeout, failingBackends?.GetValueOrDefault(name)).ConfigureAwait(false));
            }
            foreach (var scenario in scenarios)
            {
                foreach (var kind in Enum.GetValues<E2eClientKind>())
                {
                    var service = mesh.CreateService(scenario.Name, kind);
                    var endpoints = scenario.Endpoints is null ? mesh._backends : mesh._backends.Where(b => scenario.Endpoints.Contains(b.Name)).ToList();
                    await File.WriteAllTextAsync(service.ServiceFile, EchoMeshConfig.ServiceAndSubsets(service, endpoints, scenario.TrafficPolicy)).ConfigureAwait(false);
                    await File.WriteAllTextAsync(service.VirtualServiceFile, EchoMeshConfig.VirtualService(service, scenario.InitialRoutes(service.Host))).ConfigureAwait(false);
                }
            }
            mesh._istiod = await IstiodProcess.StartAsync(mesh.ConfigDirectory, mesh.LogDirectory, StartTimeout).ConfigureAwait(false);
            return mesh;
        }
        catch
        {
            await mesh.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public EchoService Service(string scenario, E2eClientKind kind) => _services[(scenario, kind)];

    /// <summary>Starts a client of <paramref name="kind"/> for the service, named after it in its node id.</summary>
    public Task<E2eXdsClient> StartClientAsync(EchoService service, IReadOnlyDictionary<string, string>? environment = null) =>
        E2eXdsClient.StartAsync(
            service.Client,
            service.Name,
            service.Target,
            Istiod.XdsPort,
            Path.Combine(Root, "clients"),
            StartTimeout,
            environment);

    /// <summary>
    /// Replaces a config file by writing a sibling outside the folder and renaming it over the
    /// original, so the watcher never sees a half-written file (how editors that save atomically
    /// and Kubernetes ConfigMap volumes update files).
    /// </summary>
    public async Task ReplaceFileAsync(string path, string content)
    {
        var staging = Path.Combine(Root, "staging", Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N")[..6]);
        await File.WriteAllTextAsync(staging, content).ConfigureAwait(false);
        File.Move(staging, path, overwrite: true);
    }

    public async ValueTask DisposeAsync()
    {
        if (_istiod is not null)
        {
            await _istiod.DisposeAsync().ConfigureAwait(false);
        }
        foreach (var backend in _backends)
        {
            await backend.DisposeAsync().ConfigureAwait(false);
        }
    }

    private EchoService CreateService(string scenario, E2eClientKind kind)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"{scenario}-{kind.ToString().ToLowerInvariant()}");
        var service = new EchoService(
            scenario,
            kind,
            name,
            $"{name}.{E2eBootstrap.Namespace}.svc.cluster.local",
            ServicePort,
            Path.Combine(ConfigDirectory, name + "-service.yaml"),
            Path.Combine(ConfigDirectory, name + "-virtualservice.yaml"));
        _services.Add((scenario, kind), service);
        return service;
    }
}
