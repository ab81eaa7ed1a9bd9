using System.Diagnostics;
using Istiod.Net.Load.Clients;
using Istiod.Net.Load.Mesh;
using Istiod.Net.Load.Reporting;
using Istiod.Net.Xds.Protocol;

namespace Istiod.Net.Load.Running;

/// <summary>
/// One run: connect the clients at the ramp rate, wait until all are in sync, measure each route change,
/// read the server's memory, stop. Stops early (and still reports) on timeout or cancellation.
/// </summary>
public sealed class LoadRunner(LoadSettings settings, GeneratedMesh mesh, TextWriter progress)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan ScrapeTimeout = TimeSpan.FromSeconds(5);

    private readonly TrafficCounters _counters = new();
    private readonly ChangeBoard _board = new();
    private readonly List<ILoadClient> _clients = [];
    private readonly List<Task> _running = [];
    private readonly List<ChangeResult> _changes = [];

    public async Task<LoadReport> RunAsync(CancellationToken cancellation)
    {
        if (settings.Check() is { Count: > 0 } errors)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(settings));
        }

        using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        run.CancelAfter(settings.Timeout);
        var begun = Stopwatch.GetTimestamp();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var before = await ScrapeAsync().ConfigureAwait(false);
        using var pool = new ConnectionPool(settings.Target, settings.Clients, settings.StreamsPerConnection);
        using var clientsStop = new CancellationTokenSource();
        var context = new LoadClientContext(pool.ChannelFor(0), new ResourceRefsCache(), _counters, _board);
        string? stoppedEarly = null;
        string? changesSkipped = null;
        double rampMs = 0;
        ServerMetrics? after = null;
        try
        {
            rampMs = await StartClientsAsync(pool, context, clientsStop.Token, run.Token).ConfigureAwait(false);
            await WaitForSyncAsync(run.Token).ConfigureAwait(false);
            changesSkipped = await MeasureChangesAsync(run.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (run.IsCancellationRequested)
        {
            stoppedEarly = cancellation.IsCancellationRequested ? "cancelled" : $"timeout after {settings.Timeout.TotalSeconds:0} s";
            progress.WriteLine($"stopping: {stoppedEarly}");
        }
        finally
        {
            // Memory with every client still connected, then the clients go.
            after = await ScrapeAsync().ConfigureAwait(false);
            await clientsStop.CancelAsync().ConfigureAwait(false);
            try
            {
                await Task.WhenAll(_running).WaitAsync(TimeSpan.FromSeconds(15), CancellationToken.None).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                progress.WriteLine("some clients did not stop within 15 s");
            }
        }

        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        return BuildReport(pool.Connections, rampMs, Elapsed(begun), cpu, stoppedEarly, changesSkipped, before, after);
    }

    private async Task<double> StartClientsAsync(ConnectionPool pool, LoadClientContext shared, CancellationToken clientsStop, CancellationToken run)
    {
        var services = mesh.Services;
        var perClient = Math.Min(settings.ListenersPerClient ?? services.Count, services.Count);
        var started = Stopwatch.GetTimestamp();
        var reportEvery = Math.Max(1, settings.Clients / 10);
        for (var i = 0; i < settings.Clients; i++)
        {
            // Start client i at i / rate seconds after the first, whatever the previous starts cost.
            var due = TimeSpan.FromSeconds(i / settings.RampPerSecond) - Stopwatch.GetElapsedTime(started);
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, run).ConfigureAwait(false);
            }

            run.ThrowIfCancellationRequested();
            var listeners = Enumerable.Range(0, perClient)
                .Select(j => services[(int)(((long)i * perClient + j) % services.Count)].ListenerName)
                .ToArray();
            var protocol = settings.Protocol == AdsProtocol.Mixed ? (i % 2 == 0 ? AdsProtocol.Sotw : AdsProtocol.Delta) : settings.Protocol;
            var record = new ClientRecord(i, protocol, listeners, settings.Changes);
            var context = shared with { Channel = pool.ChannelFor(i) };
            var node = NodeIdentity.For(i, ClientNamespace(i));
            ILoadClient client = protocol == AdsProtocol.Delta
                ? new DeltaLoadClient(context, record, node)
                : new SotwLoadClient(context, record, node);
            _clients.Add(client);
            _running.Add(Task.Run(() => client.RunAsync(clientsStop), CancellationToken.None));
            if ((i + 1) % reportEvery == 0)
            {
                progress.WriteLine($"started {i + 1}/{settings.Clients} clients, {_clients.Count(c => c.Record.IsSynced)} in sync");
            }
        }

        return Elapsed(started);
    }

    private async Task WaitForSyncAsync(CancellationToken run)
    {
        var waited = Stopwatch.GetTimestamp();
        while (_clients.Any(c => !c.Record.IsSynced && c.Record.Error is null))
        {
            if (Stopwatch.GetElapsedTime(waited) > settings.SyncTimeout)
            {
                progress.WriteLine($"not all clients in sync after {settings.SyncTimeout.TotalSeconds:0} s; measuring changes with those that are");
                return;
            }

            await Task.Delay(Poll, run).ConfigureAwait(false);
        }

        progress.WriteLine($"{_clients.Count(c => c.Record.IsSynced)}/{_clients.Count} clients in sync");
    }

    /// <returns>Why changes were skipped, or <c>null</c>.</returns>
    private async Task<string?> MeasureChangesAsync(CancellationToken run)
    {
        if (settings.Changes == 0)
        {
            return null;
        }

        if (!mesh.SupportsChanges)
        {
            return "the config folder was not written by --generate-services, so the tool does not rewrite its files";
        }

        var subscribed = _clients.SelectMany(c => c.Record.Listeners).ToHashSet(StringComparer.Ordinal);
        var targets = Enumerable.Range(0, mesh.Services.Count).Where(i => subscribed.Contains(mesh.Services[i].ListenerName)).ToArray();
        for (var c = 0; c < settings.Changes; c++)
        {
            await Task.Delay(settings.ChangePause, run).ConfigureAwait(false);
            RouteWeightChange plan;
            try
            {
                plan = RouteWeightChange.Plan(mesh, targets[c % targets.Length]);
            }
            catch (MeshException e)
            {
                return e.Message;
            }

            var probe = new ChangeProbe(c, plan.RouteName, plan.ClusterName, (uint)plan.V1Weight);
            var expected = _clients
                .Select(client => client.Record)
                .Where(r => r.IsSynced && r.Error is null && r.Listeners.Contains(plan.RouteName))
                .ToArray();
            _board.Post(probe);
            var t0 = Stopwatch.GetTimestamp();
            plan.Apply();
            var timedOut = false;
            try
            {
                timedOut = !await WaitForChangeAsync(expected, c, run).ConfigureAwait(false);
            }
            finally
            {
                var result = ChangeResultOf(c, plan, expected, t0, timedOut || run.IsCancellationRequested);
                _changes.Add(result);
                progress.WriteLine(FormattableString.Invariant(
                    $"change {c + 1}/{settings.Changes} ({plan.RouteName} v1={plan.V1Weight}): {result.Acked}/{result.Expected} ACKed, max {result.Latency.MaxMs:0} ms"));
            }
        }

        return null;
    }

    /// <returns>Whether every expected client that is still connected ACKed the change in time.</returns>
    private async Task<bool> WaitForChangeAsync(ClientRecord[] expected, int change, CancellationToken run)
    {
        var waited = Stopwatch.GetTimestamp();
        while (expected.Any(r => r.ChangeAcked(change) == 0 && r.Error is null))
        {
            if (Stopwatch.GetElapsedTime(waited) > settings.ChangeTimeout)
            {
                return false;
            }

            await Task.Delay(Poll, run).ConfigureAwait(false);
        }

        return true;
    }

    private static ChangeResult ChangeResultOf(int change, RouteWeightChange plan, ClientRecord[] expected, long t0, bool timedOut)
    {
        var acked = expected.Where(r => r.ChangeAcked(change) != 0).ToArray();
        var latency = LatencySummary.Of(acked.Select(r => Millis(r.ChangeAcked(change) - t0)));
        return new ChangeResult(change + 1, plan.RouteName, plan.V1Weight, expected.Length, acked.Length, expected.Length - acked.Length, latency, timedOut);
    }

    private string ClientNamespace(int client) =>
        mesh.Shape is { } shape ? MeshYaml.Namespace(client, shape) : "default";

    private async Task<ServerMetrics?> ScrapeAsync() =>
        settings.Monitoring is { } monitoring
            ? await ServerMetricsScraper.ScrapeAsync(monitoring, ScrapeTimeout, CancellationToken.None).ConfigureAwait(false)
            : null;

    private LoadReport BuildReport(
        int connections, double rampMs, double elapsedMs, double cpuSeconds, string? stoppedEarly, string? changesSkipped, ServerMetrics? before, ServerMetrics? after)
    {
        var records = _clients.Select(c => c.Record).ToArray();
        var answered = records.Where(r => r.FirstResponse != 0).ToArray();
        var synced = records.Where(r => r.IsSynced).ToArray();
        var allSynced = synced.Length == settings.Clients;
        var connect = new ConnectResult(
            records.Count(r => r.Started != 0),
            answered.Length,
            records.Count(r => r.Error is not null),
            LatencySummary.Of(answered.Select(r => Millis(r.FirstResponse - r.Started))),
            Math.Round(rampMs, 1));
        var sync = new SyncResult(
            synced.Length,
            settings.Clients,
            LatencySummary.Of(synced.Select(r => Millis(r.Synced - r.Started))),
            allSynced ? Math.Round(Millis(synced.Max(r => r.Synced) - records.Min(r => r.Started)), 1) : null);
        var byType = ClientSubscriptions.FollowOrder
            .Select(t => new TypeTraffic(XdsTypeUrls.ShortName(t), _counters.Responses(t), _counters.Resources(t), _counters.Bytes(t)))
            .ToArray();
        var traffic = new TrafficResult(
            _counters.TotalResponses, _counters.TotalBytes, _counters.Acks, 0, _counters.Unreadable, _counters.UnexpectedType, byType);
        var errors = records
            .Where(r => r.Error is not null)
            .GroupBy(r => r.Error!, StringComparer.Ordinal)
            .Select(g => new ErrorCount(g.Key, g.Count()))
            .OrderByDescending(e => e.Streams)
            .Take(10)
            .ToArray();
        var perClient = Math.Min(settings.ListenersPerClient ?? mesh.Services.Count, mesh.Services.Count);
        return new LoadReport
        {
            Target = settings.Target.ToString(),
            Protocol = settings.Protocol.ToString().ToLowerInvariant(),
            Clients = settings.Clients,
            Connections = connections,
            ListenersPerClient = perClient,
            ServicesInMesh = mesh.Services.Count,
            Processors = Environment.ProcessorCount,
            StoppedEarly = stoppedEarly,
            ElapsedMs = Math.Round(elapsedMs, 1),
            ToolCpuSeconds = Math.Round(cpuSeconds, 1),
            Connect = connect,
            Sync = sync,
            Changes = _changes.ToArray(),
            ChangesSkipped = changesSkipped,
            Traffic = traffic,
            Errors = errors,
            ServerBefore = before,
            ServerAfter = after,
        };
    }

    private static double Elapsed(long since) => Stopwatch.GetElapsedTime(since).TotalMilliseconds;

    private static double Millis(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
