namespace Istiod.Net.Tests.Infrastructure;

/// <summary>
/// A real gRPC server (e2e/backend.js, plain grpc-js) answering /e2e.Echo/Who with its own name,
/// so the clients can count which backend each RPC reached.
/// </summary>
public sealed class E2eBackend : IAsyncDisposable
{
    private readonly E2eJsonLineProcess _process;

    private E2eBackend(string name, int port, E2eJsonLineProcess process)
    {
        Name = name;
        Port = port;
        _process = process;
    }

    public string Name { get; }

    public int Port { get; }

    /// <summary>Starts the backend; with <paramref name="failCode"/> (a gRPC status name) it fails every RPC with it.</summary>
    public static async Task<E2eBackend> StartAsync(string name, string logDirectory, TimeSpan timeout, string? failCode = null)
    {
        E2ePrerequisites.RequireNode();
        var process = E2eJsonLineProcess.Start(
            $"backend-{name}",
            "node",
            ["backend.js", "--name", name, "--host", "127.0.0.1", "--port", "0", "--fail", failCode ?? ""],
            E2ePaths.E2eDirectory,
            logDirectory);
        try
        {
            var listening = await process.WaitForEventAsync("listening", timeout).ConfigureAwait(false);
            return new E2eBackend(name, listening["port"]!.GetValue<int>(), process);
        }
        catch
        {
            await process.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
