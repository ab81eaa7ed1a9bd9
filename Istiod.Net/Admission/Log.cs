using Istiod.Net.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Istiod.Net.Admission;

/// <summary>The admission webhook's log messages. Event ids 7100-7119 (JWT logs, which shared them, moved to 5080-5099).</summary>
internal static partial class Log
{
    [LoggerMessage(7100, LogLevel.Information, "Admission request {Uid} denied: {Message}")]
    private static partial void DeniedCore(ILogger logger, string uid, string message);

    public static void Denied(ILogger logger, string uid, string message) =>
        DeniedCore(logger, LogText.Client(uid), LogText.Client(message, 2048));

    [LoggerMessage(7102, LogLevel.Warning, "Admission request refused with {Status}: {Reason}")]
    private static partial void BadRequestCore(ILogger logger, int status, string reason);

    public static void BadRequest(ILogger logger, int status, string reason) =>
        BadRequestCore(logger, status, LogText.Client(reason, 1024));
}
