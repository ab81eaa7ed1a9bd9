using Microsoft.Extensions.Logging;

namespace Istiod.Net.Diagnostics;

/// <summary>Logs of <see cref="ProcessHealth"/>. Event ids 9150-9159.</summary>
internal static partial class HealthLog
{
    [LoggerMessage(EventId = 9150, Level = LogLevel.Critical,
        Message = "Out of memory while {Where}: this replica now reports unhealthy on /ready (istiod_unhealthy{{reason=\"out_of_memory\"}} 1) until it is restarted")]
    public static partial void OutOfMemory(ILogger logger, string where);
}
