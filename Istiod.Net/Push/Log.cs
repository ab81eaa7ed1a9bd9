using Microsoft.Extensions.Logging;

namespace Istiod.Net.Push;

/// <summary>
/// Logs of push context builds and pushes. Event ids 3100-3199 (3000-3099 are the ADS protocol's, which
/// these once shared). Every area's Log.cs names its range; EventIdUniquenessTests keeps ids apart.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Push context {Sequence} built from config version {ConfigVersion}: {Services} services, reasons {Reasons}, changes {Changes}")]
    public static partial void ContextBuilt(ILogger logger, long sequence, long configVersion, int services, string reasons, string changes);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Error, Message = "Building push context failed; proxies keep the previous one")]
    public static partial void BuildFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Warning, Message = "Service registry conflict: {Conflict}")]
    public static partial void RegistryConflict(ILogger logger, string conflict);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Debug, Message = "Push for {Reasons} changed nothing a generator reads; no proxy is pushed")]
    public static partial void NothingChanged(ILogger logger, string reasons);
}
