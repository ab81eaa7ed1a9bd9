using System.Diagnostics;
using System.Globalization;
using Istiod.Net.Security.Ca;
using Istiod.Net.Tests.Infrastructure;

namespace Istiod.Net.Tests.EndToEnd.Envoy;

/// <summary>
/// The world the stock-Envoy end-to-end tests run in (see <see cref="EnvoyWorldConfig"/>): real HTTP backends,
/// the real istiod-net binary serving the config folder with a CA folder and a token file, and one bootstrap per
/// proxy written by the real <c>istiod-net bootstrap</c> command. Envoy itself is started by the tests that have
/// one; the same world is checked without Envoy by a client that asks for exactly what Envoy would.
/// </summary>
public sealed class EnvoyWorld : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly List<NamedHttpBackend> _backends = [];
    private IstiodProcess? _istiod;

    private EnvoyWorld(string root)
    {
        Root = root;
        Ports = EnvoyWorldPorts.Take();
    }

    public string Root { get; }

    public EnvoyWorldPorts Ports { get; }

    public string LogDirectory => Path.Combine(Root, "logs");

    public string RootCertFile => Path.Combine(Root, "ca", SelfSignedRootStore.BundleFile);

    public IstiodProcess Istiod => _istiod ?? throw new InvalidOperationException("istiod-net is not running");

    public EnvoyWorldProxy Gateway { get; private set; } = null!;

    public EnvoyWorldProxy Client { get; private set; } = null!;

    public EnvoyWorldProxy Server { get; private set; } = null!;

    public static async Task<EnvoyWorld> StartAsync()
    {
        E2ePrerequisites.RequireIstiodBuild();
        var world = new EnvoyWorld(Path.Combine(Path.GetTempPath(), "istiod-net-envoy-" + Guid.NewGuid().ToString("N")[..8]));
        try
        {
            await world.StartCoreAsync().ConfigureAwait(false);
            return world;
        }
        catch
        {
            await world.DisposeAsync().ConfigureAwait(false);
            throw;
        }
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

    private async Task StartCoreAsync()
    {
        var config = Path.Combine(Root, "config");
        Directory.CreateDirectory(config);
        Directory.CreateDirectory(LogDirectory);
        _backends.Add(await NamedHttpBackend.StartAsync("web-v1", Ports.WebV1).ConfigureAwait(false));
        _backends.Add(await NamedHttpBackend.StartAsync("web-v2", Ports.WebV2).ConfigureAwait(false));
        _backends.Add(await NamedHttpBackend.StartAsync("server-app", Ports.ServerApp).ConfigureAwait(false));
        await File.WriteAllTextAsync(Path.Combine(config, "world.yaml"), EnvoyWorldConfig.Yaml(Ports)).ConfigureAwait(false);
        var tokens = Path.Combine(Root, "tokens.yaml");
        await File.WriteAllTextAsync(tokens, EnvoyWorldConfig.Tokens).ConfigureAwait(false);

        _istiod = await IstiodProcess.StartAsync(
            config, LogDirectory, StartTimeout,
            extraArguments: ["--ca-dir", Path.Combine(Root, "ca"), "--token-file", tokens]).ConfigureAwait(false);

        var plaintext = $"127.0.0.1:{Istiod.XdsPort}";
        var secure = $"127.0.0.1:{Istiod.SecurePort}";
        Gateway = await BootstrapAsync("gateway", Ports.GatewayAdmin, null,
            "--type", "router", "--pod", "ingress-1", "-n", "istio-system", "--ip", "127.0.0.1", "--labels", "istio=ingressgateway",
            "--service-account", "ingress", "--discovery-address", plaintext, "--prometheus-port", Invariant(Ports.GatewayStats), "--health-port", Invariant(Ports.GatewayHealth)).ConfigureAwait(false);
        Client = await BootstrapAsync("client", Ports.ClientAdmin, "client-token-0123456789",
            "--pod", "client-1", "-n", EnvoyWorldConfig.Namespace, "--ip", "127.0.0.1", "--labels", "app=client",
            "--service-account", "client", "--interception-mode", "NONE", "--prometheus-port", Invariant(Ports.ClientStats), "--health-port", Invariant(Ports.ClientHealth),
            "--secure", "--discovery-address", secure, "--root-cert", RootCertFile).ConfigureAwait(false);
        Server = await BootstrapAsync("server", Ports.ServerAdmin, "server-token-0123456789",
            "--pod", "server-1", "-n", EnvoyWorldConfig.Namespace, "--ip", EnvoyWorldConfig.ServerIp, "--labels", "app=server",
            "--service-account", "server", "--interception-mode", "NONE", "--prometheus-port", Invariant(Ports.ServerStats), "--health-port", Invariant(Ports.ServerHealth),
            "--secure", "--discovery-address", secure, "--root-cert", RootCertFile).ConfigureAwait(false);
    }

    /// <summary>Runs <c>istiod-net bootstrap</c> as a user would and keeps the file it writes.</summary>
    private async Task<EnvoyWorldProxy> BootstrapAsync(string name, int adminPort, string? token, params string[] arguments)
    {
        var file = Path.Combine(Root, name + "-bootstrap.json");
        var all = new List<string> { E2ePaths.IstiodDll, "bootstrap", "--admin-port", Invariant(adminPort), "-o", file };
        if (token is not null)
        {
            var tokenFile = Path.Combine(Root, name + ".token");
            await File.WriteAllTextAsync(tokenFile, token).ConfigureAwait(false);
            all.AddRange(["--token-file", tokenFile]);
        }

        all.AddRange(arguments);
        var start = new ProcessStartInfo("dotnet", all) { RedirectStandardError = true, RedirectStandardOutput = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start istiod-net bootstrap");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(StartTimeout).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"istiod-net bootstrap for {name} exited {process.ExitCode}: {await stderr.ConfigureAwait(false)}{await stdout.ConfigureAwait(false)}");
        }

        return new EnvoyWorldProxy(name, file, adminPort, token is not null, token);
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
