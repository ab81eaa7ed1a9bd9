namespace Istiod.Net.Tests.Infrastructure;

/// <summary>
/// An xDS-enabled gRPC server (e2e/xds-backend.js, grpc-js-xds XdsServer): it fetches its listener from
/// the control plane and serves plaintext or mutual TLS as that listener says.
/// </summary>
public sealed class E2eXdsBackend : IAsyncDisposable
{
    private readonly E2eJsonLineProcess _process;

    private E2eXdsBackend(string name, int port, string bootstrap, E2eJsonLineProcess process)
    {
        Name = name;
        Port = port;
        Bootstrap = bootstrap;
        _process = process;
    }

    public string Name { get; }

    public int Port { get; }

    public string Bootstrap { get; }

    public string LogPath => _process.Child.LogPath;

    /// <summary>
    /// Starts the server on 0.0.0.0:<paramref name="port"/> and returns once it serves, which needs its
    /// listener from the control plane at 127.0.0.1:<paramref name="xdsPort"/>. Extra environment
    /// (GRPC_XDS_EXPERIMENTAL_RBAC, GRPC_TRACE, ...) is passed on.
    /// </summary>
    public static async Task<E2eXdsBackend> StartAsync(
        string name,
        int port,
        int xdsPort,
        string workDirectory,
        E2eBootstrapOptions options,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        E2ePrerequisites.RequireNode();
        var podName = $"server-{name}";
        var bootstrap = E2eBootstrap.Write(workDirectory, podName, xdsPort, options);
        var process = E2eJsonLineProcess.Start(
            podName,
            "node",
            ["xds-backend.js", "--name", name, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            E2ePaths.E2eDirectory,
            workDirectory,
            new Dictionary<string, string>(environment ?? new Dictionary<string, string>()) { ["GRPC_XDS_BOOTSTRAP"] = bootstrap });
        try
        {
            await process.WaitForEventAsync("listening", timeout).ConfigureAwait(false);
            return new E2eXdsBackend(name, port, bootstrap, process);
        }
        catch
        {
            await process.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The process id: a test reads it to show the server was not restarted.</summary>
    public int ProcessId => _process.Child.Id;

    public bool HasExited => _process.Child.HasExited;

    /// <summary>The process's state, log file and last lines of stdout and stderr, for failure messages.</summary>
    public string Describe() => _process.Child.Describe();

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
