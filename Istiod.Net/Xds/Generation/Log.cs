using Microsoft.Extensions.Logging;

namespace Istiod.Net.Xds.Generation;

internal static partial class Log
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Proxy {ProxyId} connected on {ConnectionId}: namespace {ProxyNamespace}, generators {GeneratorSet}")]
    public static partial void ProxyConnected(ILogger logger, string proxyId, string connectionId, string proxyNamespace, string generatorSet);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Proxy {ProxyId} disconnected from {ConnectionId}")]
    public static partial void ProxyDisconnected(ILogger logger, string proxyId, string connectionId);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Error, Message = "Generating {TypeUrl} {Name} for {View} failed; the resource is left out")]
    public static partial void GeneratorFailed(ILogger logger, Exception exception, string typeUrl, string name, string view);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Error, Message = "Listing {TypeUrl} for {View} failed; the wildcard response is empty")]
    public static partial void ListingFailed(ILogger logger, Exception exception, string typeUrl, string view);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Debug, Message = "Push {Version} ({Reason}): types {Types}, proxies {Scope}")]
    public static partial void PushRaised(ILogger logger, string version, string reason, string types, string scope);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Debug, Message = "Push context {Version} ({Reason}) changes nothing any generator reads")]
    public static partial void NoPushNeeded(ILogger logger, string version, string reason);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Error, Message = "A Pushed handler failed for push {Version}")]
    public static partial void PushHandlerFailed(ILogger logger, Exception exception, string version);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Error, Message = "Generated {Type} {Name} for {View} breaks {Count} validate.rules and is not served ({Kept}): {Violations}")]
    public static partial void ResourceRejected(ILogger logger, string type, string name, string view, int count, string kept, string violations);
}
