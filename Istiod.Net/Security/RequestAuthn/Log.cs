using Microsoft.Extensions.Logging;

namespace Istiod.Net.Security.RequestAuthn;

internal static partial class Log
{
    [LoggerMessage(EventId = 7101, Level = LogLevel.Information, Message = "Fetched JWKS from {Uri} ({Bytes} bytes)")]
    public static partial void JwksFetched(ILogger logger, string uri, int bytes);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Warning, Message = "Fetching JWKS from {Uri} failed: {Reason}; tokens of its issuer are refused until a fetch succeeds")]
    public static partial void JwksFetchFailed(ILogger logger, string uri, string reason);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Debug, Message = "Dropped JWKS cache entry {Uri}")]
    public static partial void JwksEvicted(ILogger logger, string uri);

    [LoggerMessage(EventId = 7104, Level = LogLevel.Information, Message = "Fetching {Count} JWKS named by RequestAuthentications: {Uris}")]
    public static partial void FetchingNewJwks(ILogger logger, int count, string uris);

    [LoggerMessage(EventId = 7105, Level = LogLevel.Error, Message = "Fetching JWKS from {Uri} failed unexpectedly; tokens of its issuer are refused until a fetch succeeds")]
    public static partial void ResolveFailed(ILogger logger, Exception exception, string uri);

    [LoggerMessage(EventId = 7106, Level = LogLevel.Error, Message = "Refreshing the JWKS cache failed; retrying on the next check")]
    public static partial void RefreshFailed(ILogger logger, Exception exception);
}
