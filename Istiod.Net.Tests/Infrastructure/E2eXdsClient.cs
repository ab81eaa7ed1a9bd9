namespace Istiod.Net.Tests.Infrastructure;

/// <summary>
/// A long-lived real xDS client process (grpc-js-xds or gRPC C-core) with one channel to an
/// <c>xds:///host:port</c> target; each batch runs on that same channel, so the client keeps its
/// ADS stream and follows config changes the way a workload would.
/// </summary>
public sealed class E2eXdsClient : IAsyncDisposable
{
    private readonly E2eJsonLineProcess _process;
    private int _batches;

    private E2eXdsClient(E2eClientKind kind, string podName, E2eJsonLineProcess process)
    {
        Kind = kind;
        PodName = podName;
        _process = process;
    }

    public E2eClientKind Kind { get; }

    /// <summary>The pod name in the client's node id; unique per client so /debug/syncz can be filtered by it.</summary>
    public string PodName { get; }

    public string NodeId => E2eBootstrap.NodeId(PodName);

    public string LogPath => _process.Child.LogPath;

    /// <summary>
    /// Starts the client against <paramref name="target"/>, with a bootstrap file naming the control
    /// plane at 127.0.0.1:<paramref name="xdsPort"/>. Extra environment (GRPC_TRACE, ...) is passed on.
    /// </summary>
    public static async Task<E2eXdsClient> StartAsync(
        E2eClientKind kind,
        string podName,
        string target,
        int xdsPort,
        string workDirectory,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null,
        E2eBootstrapOptions? bootstrapOptions = null,
        bool xdsCredentials = false)
    {
        E2ePrerequisites.RequireClient(kind);
        if (xdsCredentials && kind != E2eClientKind.Node)
        {
            throw new ArgumentException("xDS channel credentials are wired for the Node client only", nameof(xdsCredentials));
        }

        var bootstrap = E2eBootstrap.Write(workDirectory, podName, xdsPort, bootstrapOptions);
        var env = new Dictionary<string, string>(environment ?? new Dictionary<string, string>())
        {
            ["GRPC_XDS_BOOTSTRAP"] = bootstrap,
        };
        var (fileName, script) = kind == E2eClientKind.Node ? ("node", "client.js") : (E2ePaths.Python, "client.py");
        var process = E2eJsonLineProcess.Start(
            $"client-{podName}",
            fileName,
            xdsCredentials ? [script, "--target", target, "--creds", "xds"] : [script, "--target", target],
            E2ePaths.E2eDirectory,
            workDirectory,
            env);
        try
        {
            await process.WaitForEventAsync("started", timeout).ConfigureAwait(false);
            return new E2eXdsClient(kind, podName, process);
        }
        catch
        {
            await process.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs one batch of RPCs; fails if the client gives no answer within a bound derived from the batch.</summary>
    public async Task<E2eBatchResult> RunAsync(E2eBatchRequest request)
    {
        var id = $"b{Interlocked.Increment(ref _batches)}";
        // Generous on purpose: the bound only turns a hang into a failure, it is not a measurement.
        var rounds = (request.Rpcs + request.Concurrency - 1) / Math.Max(1, request.Concurrency);
        var bound = TimeSpan.FromMilliseconds(30_000 + (double)rounds * request.TimeoutMs + (double)request.Concurrency * request.StaggerMs);
        using var cts = new CancellationTokenSource(bound);
        await _process.SendAsync(
            new { id, rpcs = request.Rpcs, concurrency = request.Concurrency, timeoutMs = request.TimeoutMs, metadata = request.Metadata, waitForReady = request.WaitForReady, rpcIdHeader = request.RpcIdHeader, staggerMs = request.StaggerMs, method = request.Method },
            cts.Token).ConfigureAwait(false);
        var answer = await _process.WaitForEventAsync("batch", bound).ConfigureAwait(false);
        var answeredId = answer["id"]?.GetValue<string>();
        if (answeredId != id)
        {
            throw new InvalidOperationException($"client {PodName} answered batch {answeredId} while {id} was expected");
        }
        return E2eBatchResult.FromJson(answer);
    }

    /// <summary>
    /// Runs small batches until one satisfies <paramref name="done"/> or <paramref name="timeout"/>
    /// passes; returns that batch, or throws with the last batch seen.
    /// </summary>
    public async Task<E2eBatchResult> PollUntilAsync(Func<E2eBatchResult, bool> done, TimeSpan timeout, E2eBatchRequest? probe = null)
    {
        probe ??= new E2eBatchRequest { Rpcs = 10, Concurrency = 10, TimeoutMs = 2000 };
        var deadline = DateTime.UtcNow + timeout;
        E2eBatchResult? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await RunAsync(probe).ConfigureAwait(false);
            if (done(last))
            {
                return last;
            }
            await Task.Delay(50).ConfigureAwait(false);
        }
        throw new TimeoutException($"client {PodName} ({Kind}) did not reach the expected routing within {timeout.TotalSeconds:0.#} s; last batch: {last}\n{Describe()}");
    }

    /// <summary>The process's state, log file and last lines of stdout and stderr, for failure messages.</summary>
    public string Describe() => _process.Child.Describe();

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
