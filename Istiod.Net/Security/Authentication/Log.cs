using Microsoft.Extensions.Logging;

namespace Istiod.Net.Security.Authentication;

/// <summary>Authentication log events (ids 5020-5039). Tokens are never logged.</summary>
internal static partial class Log
{
    [LoggerMessage(5020, LogLevel.Information, "Loaded {Count} token(s) from token file {Path}")]
    public static partial void TokenFileLoaded(ILogger logger, string path, int count);

    [LoggerMessage(5021, LogLevel.Error, "Token file {Path} changed but cannot be used; keeping the previous tokens: {Reason}")]
    public static partial void TokenFileReloadFailed(ILogger logger, string path, string reason);
}
