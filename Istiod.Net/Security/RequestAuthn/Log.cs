using Istiod.Net.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Istiod.Net.Security.RequestAuthn;

/// <summary>JWT (RequestAuthentication) log events: JWKS fetches and refusals. Event ids 5080-5099, in Security's 5000-5099.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5081, Level = LogLevel.Information, Message = "Fetched JWKS from {Uri} ({Bytes} bytes)")]
    private static partial void JwksFetchedCore(ILogger logger, string uri, int bytes);

    public static void JwksFetched(ILogger logger, string uri, int bytes) =>
        JwksFetchedCore(logger, LogText.Client(uri), bytes);

    [LoggerMessage(EventId = 5082, Level = LogLevel.Warning, Message = "Fetching JWKS from {Uri} failed: {Reason}; tokens of its issuer are refused until a fetch succeeds")]
    private static partial void JwksFetchFailedCore(ILogger logger, string uri, string reason);

    public static void JwksFetchFailed(ILogger logger, string uri, string reason) =>
        JwksFetchFailedCore(logger, LogText.Client(uri), LogText.Client(reason, 1024));

    [LoggerMessage(EventId = 5083, Level = LogLevel.Debug, Message = "Dropped JWKS cache entry {Uri}")]
    private static partial void JwksEvictedCore(ILogger logger, string uri);

    public static void JwksEvicted(ILogger logger, string uri) =>
        JwksEvictedCore(logger, LogText.Client(uri));

    [LoggerMessage(EventId = 5084, Level = LogLevel.Information, Message = "Fetching {Count} JWKS named by RequestAuthentications: {Uris}")]
    private static partial void FetchingNewJwksCore(ILogger logger, int count, string uris);

    public static void FetchingNewJwks(ILogger logger, int count, string uris) =>
        FetchingNewJwksCore(logger, count, LogText.Client(uris, 2048));

    [LoggerMessage(EventId = 5085, Level = LogLevel.Error, Message = "Fetching JWKS from {Uri} failed unexpectedly; tokens of its issuer are refused until a fetch succeeds")]
    private static partial void ResolveFailedCore(ILogger logger, Exception exception, string uri);

    public static void ResolveFailed(ILogger logger, Exception exception, string uri) =>
        ResolveFailedCore(logger, exception, LogText.Client(uri));

    [LoggerMessage(EventId = 5086, Level = LogLevel.Error, Message = "Refreshing the JWKS cache failed; retrying on the next check")]
    public static partial void RefreshFailed(ILogger logger, Exception exception);
}
