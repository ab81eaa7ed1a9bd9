using Istiod.Net.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Istiod.Net.Hosting;

/// <summary>Logs of the monitoring port's access check. Event ids 9100-9109.</summary>
internal static partial class DebugAccessLog
{
    // Debug, not warning: an unauthenticated caller could otherwise fill the log one request at a time.
    [LoggerMessage(EventId = 9100, Level = LogLevel.Debug,
        Message = "monitoring port: {Path} refused to {Remote} ({Status}): {Reason}")]
    private static partial void RefusedCore(ILogger logger, string path, string? remote, int status, string? reason);

    public static void Refused(ILogger logger, string path, string? remote, int status, string? reason) =>
        RefusedCore(logger, LogText.Client(path), remote, status, LogText.Client(reason, 1024));
}
