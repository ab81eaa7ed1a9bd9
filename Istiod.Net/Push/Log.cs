using Microsoft.Extensions.Logging;

namespace Istiod.Net.Push;

internal static partial class Log
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Push context {Sequence} built from config version {ConfigVersion}: {Services} services, reasons {Reasons}, changes {Changes}")]
    public static partial void ContextBuilt(ILogger logger, long sequence, long configVersion, int services, string reasons, string changes);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "Building push context failed; proxies keep the previous one")]
    public static partial void BuildFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Service registry conflict: {Conflict}")]
    public static partial void RegistryConflict(ILogger logger, string conflict);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Debug, Message = "Push for {Reasons} changed nothing a generator reads; no proxy is pushed")]
    public static partial void NothingChanged(ILogger logger, string reasons);
}
