using Istiod.Net.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Istiod.Net.Injection;

/// <summary>The sidecar injector's log messages. Event ids 1900-1999.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1901, Level = LogLevel.Debug, Message = "Injected sidecar for admission {Uid}: {Reason}")]
    private static partial void InjectedCore(ILogger logger, string uid, string reason);

    public static void Injected(ILogger logger, string uid, string reason) =>
        InjectedCore(logger, LogText.Client(uid), LogText.Client(reason, 1024));

    [LoggerMessage(EventId = 1902, Level = LogLevel.Warning, Message = "Sidecar not injected for admission {Uid}: {Reason}")]
    private static partial void NotInjectedCore(ILogger logger, string uid, string reason);

    public static void NotInjected(ILogger logger, string uid, string reason) =>
        NotInjectedCore(logger, LogText.Client(uid), LogText.Client(reason, 1024));

    [LoggerMessage(EventId = 1903, Level = LogLevel.Warning, Message = "Injection webhook refused a request with {Status}: {Reason}")]
    private static partial void BadRequestCore(ILogger logger, int status, string reason);

    public static void BadRequest(ILogger logger, int status, string reason) =>
        BadRequestCore(logger, status, LogText.Client(reason, 1024));
}
