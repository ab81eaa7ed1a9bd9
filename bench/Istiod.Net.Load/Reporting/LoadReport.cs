namespace Istiod.Net.Load.Reporting;

/// <summary>Everything a run measured; printed for people or as one JSON object.</summary>
public sealed record LoadReport
{
    public required string Target { get; init; }

    public required string Protocol { get; init; }

    public required int Clients { get; init; }

    public required int Connections { get; init; }

    public required int ListenersPerClient { get; init; }

    public required int ServicesInMesh { get; init; }

    /// <summary>Processors this machine has; the tool and the server share them.</summary>
    public required int Processors { get; init; }

    /// <summary>Why the run ended before its plan was done (timeout, cancelled), or <c>null</c>.</summary>
    public string? StoppedEarly { get; init; }

    public required double ElapsedMs { get; init; }

    /// <summary>CPU time this tool used during the run: it competes with the server for the same processors.</summary>
    public required double ToolCpuSeconds { get; init; }

    public required ConnectResult Connect { get; init; }

    public required SyncResult Sync { get; init; }

    public required IReadOnlyList<ChangeResult> Changes { get; init; }

    /// <summary>Why fewer changes were measured than asked (e.g. the folder was not generated), or <c>null</c>.</summary>
    public string? ChangesSkipped { get; init; }

    public required TrafficResult Traffic { get; init; }

    public required IReadOnlyList<ErrorCount> Errors { get; init; }

    /// <summary>Server metrics before the first client connected.</summary>
    public ServerMetrics? ServerBefore { get; init; }

    /// <summary>Server metrics after the changes, with every client still connected.</summary>
    public ServerMetrics? ServerAfter { get; init; }
}
