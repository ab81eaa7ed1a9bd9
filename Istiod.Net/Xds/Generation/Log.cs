using Istiod.Net.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Istiod.Net.Xds.Generation;

/// <summary>Logs of xDS generation: connections, generator failures, the resource rules gate. Event ids 4000-4199 (4200-4299 are the listeners').</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Proxy {ProxyId} connected on {ConnectionId}: namespace {ProxyNamespace}, generators {GeneratorSet}")]
    private static partial void ProxyConnectedCore(ILogger logger, string proxyId, string connectionId, string proxyNamespace, string generatorSet);

    public static void ProxyConnected(ILogger logger, string proxyId, string connectionId, string proxyNamespace, string generatorSet) =>
        ProxyConnectedCore(logger, LogText.Client(proxyId), LogText.Client(connectionId), LogText.Client(proxyNamespace), generatorSet);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Proxy {ProxyId} disconnected from {ConnectionId}")]
    private static partial void ProxyDisconnectedCore(ILogger logger, string proxyId, string connectionId);

    public static void ProxyDisconnected(ILogger logger, string proxyId, string connectionId) =>
        ProxyDisconnectedCore(logger, LogText.Client(proxyId), LogText.Client(connectionId));

    [LoggerMessage(EventId = 4003, Level = LogLevel.Error, Message = "Generating {TypeUrl} {Name} for {View} failed; the resource is left out")]
    private static partial void GeneratorFailedCore(ILogger logger, Exception exception, string typeUrl, string name, string view);

    public static void GeneratorFailed(ILogger logger, Exception exception, string typeUrl, string name, string view) =>
        GeneratorFailedCore(logger, exception, LogText.Client(typeUrl), LogText.Client(name), LogText.Client(view));

    [LoggerMessage(EventId = 4004, Level = LogLevel.Error, Message = "Listing {TypeUrl} for {View} failed; the wildcard response is empty")]
    private static partial void ListingFailedCore(ILogger logger, Exception exception, string typeUrl, string view);

    public static void ListingFailed(ILogger logger, Exception exception, string typeUrl, string view) =>
        ListingFailedCore(logger, exception, typeUrl, LogText.Client(view));

    [LoggerMessage(EventId = 4005, Level = LogLevel.Debug, Message = "Push {Version} ({Reason}): types {Types}, proxies {Scope}")]
    public static partial void PushRaised(ILogger logger, string version, string reason, string types, string scope);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Debug, Message = "Push context {Version} ({Reason}) changes nothing any generator reads")]
    public static partial void NoPushNeeded(ILogger logger, string version, string reason);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Error, Message = "A Pushed handler failed for push {Version}")]
    public static partial void PushHandlerFailed(ILogger logger, Exception exception, string version);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Error, Message = "Generated {Type} {Name} for {View} breaks {Count} validate.rules and is not served ({Kept}): {Violations}")]
    private static partial void ResourceRejectedCore(ILogger logger, string type, string name, string view, int count, string kept, string violations);

    public static void ResourceRejected(ILogger logger, string type, string name, string view, int count, string kept, string violations) =>
        ResourceRejectedCore(logger, type, LogText.Client(name), LogText.Client(view), count, kept, violations);

    [LoggerMessage(EventId = 4020, Level = LogLevel.Warning, Message = "SDS: secret {Name} withheld from {ProxyId}: {Detail}")]
    private static partial void SecretDeniedCore(ILogger logger, string name, string proxyId, string detail);

    public static void SecretDenied(ILogger logger, string name, string proxyId, string detail) =>
        SecretDeniedCore(logger, LogText.Client(name), LogText.Client(proxyId), LogText.Client(detail, 1024));
}
