using Microsoft.Extensions.Logging;

namespace Istiod.Net.Hosting;

/// <summary>Logs of the monitoring port's access check. Event ids 9100-9109.</summary>
internal static partial class DebugAccessLog
{
    [LoggerMessage(EventId = 9100, Level = LogLevel.Warning,
        Message = "monitoring port: {Path} refused to {Remote} ({Status}): {Reason}")]
    public static partial void Refused(ILogger logger, string path, string? remote, int status, string? reason);
}
