using Microsoft.Extensions.Logging;

namespace Istiod.Net.Admission;

/// <summary>The admission webhook's log messages. Event ids 7100-7119.</summary>
internal static partial class Log
{
    [LoggerMessage(7100, LogLevel.Information, "Admission request {Uid} denied: {Message}")]
    public static partial void Denied(ILogger logger, string uid, string message);

    [LoggerMessage(7102, LogLevel.Warning, "Admission request refused with {Status}: {Reason}")]
    public static partial void BadRequest(ILogger logger, int status, string reason);
}
