using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Istiod.Net.Diagnostics;

/// <summary>
/// Whether this replica can still be trusted to serve proxies, once it has started (start-up conditions are
/// the <see cref="Istiod.Net.Hosting.ReadinessGate"/>'s). "Unhealthy" means one of:
/// <list type="bullet">
/// <item><c>out_of_memory</c>: an <see cref="OutOfMemoryException"/> reached the xDS generation or push code.
/// Generation after it may have left resources out, so the replica stays unhealthy until it is restarted.</item>
/// <item><c>memory_pressure</c>: after the last GC the managed heap uses more than
/// <see cref="MemoryPressureRatio"/> of what the GC may use (the heap hard limit, or the container's or
/// machine's memory); it clears by itself when the heap shrinks.</item>
/// </list>
/// /ready answers 503 while any holds, so the load balancer sends proxies to another replica, and
/// <c>istiod_unhealthy{reason}</c> is 1 for each that holds. A generator bug is deliberately not on the list:
/// every replica runs the same code, and taking all of them out of service would be worse than a missing resource.
/// </summary>
public sealed class ProcessHealth
{
    public const string OutOfMemory = "out_of_memory";
    public const string MemoryPressure = "memory_pressure";

    /// <summary>Every reason, each always reported by the metric (0 or 1).</summary>
    public static readonly IReadOnlyList<string> Reasons = [OutOfMemory, MemoryPressure];

    private readonly ILogger _logger;
    private readonly Func<(long HeapBytes, long AvailableBytes)> _memory;
    private string? _outOfMemoryWhere;

    /// <param name="memory">The heap after the last GC and what the GC may use; the GC's own figures by default.</param>
    public ProcessHealth(
        IstiodMetrics? metrics = null,
        ILogger<ProcessHealth>? logger = null,
        double memoryPressureRatio = 0.9,
        Func<(long HeapBytes, long AvailableBytes)>? memory = null)
    {
        _logger = logger ?? (ILogger)NullLogger.Instance;
        MemoryPressureRatio = memoryPressureRatio;
        _memory = memory ?? GcMemory;
        metrics?.Meter.CreateObservableGauge(
            "istiod_unhealthy",
            () => Reasons.Select(reason => new Measurement<int>(Holds(reason) ? 1 : 0, new KeyValuePair<string, object?>("reason", reason))),
            description: "1 while the replica is unhealthy for the reason (out_of_memory, memory_pressure); /ready answers 503 then.");
    }

    public double MemoryPressureRatio { get; }

    /// <summary>Records an out-of-memory failure; <paramref name="where"/> says what was being done (our text, not a client's).</summary>
    public void ReportOutOfMemory(string where)
    {
        if (Interlocked.CompareExchange(ref _outOfMemoryWhere, where, null) is null)
        {
            HealthLog.OutOfMemory(_logger, where);
        }
    }

    /// <summary>Whether <paramref name="reason"/> (one of <see cref="Reasons"/>) holds now.</summary>
    public bool Holds(string reason) => reason switch
    {
        OutOfMemory => Volatile.Read(ref _outOfMemoryWhere) is not null,
        MemoryPressure => UnderPressure(),
        _ => false,
    };

    /// <summary>What makes the replica unhealthy now, each with a short explanation; empty when healthy.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Volatile.Read(ref _outOfMemoryWhere) is { } where)
        {
            problems.Add($"{OutOfMemory} (while {where}; restart the replica)");
        }

        var (heap, available) = _memory();
        if (UnderPressure(heap, available))
        {
            problems.Add($"{MemoryPressure} (heap {heap / (1024 * 1024)} MiB of {available / (1024 * 1024)} MiB)");
        }

        return problems;
    }

    private bool UnderPressure()
    {
        var (heap, available) = _memory();
        return UnderPressure(heap, available);
    }

    private bool UnderPressure(long heap, long available) => available > 0 && heap > available * MemoryPressureRatio;

    private static (long, long) GcMemory()
    {
        var info = GC.GetGCMemoryInfo();
        return (info.HeapSizeBytes, info.TotalAvailableMemoryBytes);
    }
}
