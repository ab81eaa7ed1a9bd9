using Microsoft.Extensions.Logging;

namespace Istiod.Net.Injection;

internal static partial class Log
{
    [LoggerMessage(EventId = 1901, Level = LogLevel.Debug, Message = "Injected sidecar for admission {Uid}: {Reason}")]
    public static partial void Injected(ILogger logger, string uid, string reason);

    [LoggerMessage(EventId = 1902, Level = LogLevel.Warning, Message = "Sidecar not injected for admission {Uid}: {Reason}")]
    public static partial void NotInjected(ILogger logger, string uid, string reason);

    [LoggerMessage(EventId = 1903, Level = LogLevel.Warning, Message = "Injection webhook refused a request with {Status}: {Reason}")]
    public static partial void BadRequest(ILogger logger, int status, string reason);
}
