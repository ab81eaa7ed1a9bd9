using Istiod.Net.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Istiod.Net.Xds.Protocol;

/// <summary>
/// Logs of the ADS protocol layer. Event ids 3000-3099 are reserved for it, and 9160-9169 for the limits on
/// what clients send. The public methods pass every client-supplied string through <see cref="LogText.Client"/>;
/// debug-level ones check the level first, since ACKs and sends are per response and escaping is not free.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information,
        Message = "xDS {Protocol} stream {ConnectionId} connected for {ProxyId} from {Peer}")]
    private static partial void ConnectedCore(ILogger logger, XdsStreamProtocol protocol, string connectionId, string proxyId, string? peer);

    public static void Connected(ILogger logger, XdsStreamProtocol protocol, string connectionId, string proxyId, string? peer) =>
        ConnectedCore(logger, protocol, LogText.Client(connectionId), LogText.Client(proxyId), peer);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information,
        Message = "xDS stream {ConnectionId} of {ProxyId} disconnected after {Seconds:F1}s")]
    private static partial void DisconnectedCore(ILogger logger, string connectionId, string proxyId, double seconds);

    public static void Disconnected(ILogger logger, string connectionId, string proxyId, double seconds) =>
        DisconnectedCore(logger, LogText.Client(connectionId), LogText.Client(proxyId), seconds);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning,
        Message = "xDS stream from {Peer} rejected: {Reason}")]
    private static partial void ConnectRejectedCore(ILogger logger, string? peer, string reason);

    public static void ConnectRejected(ILogger logger, string? peer, string reason) =>
        ConnectRejectedCore(logger, peer, LogText.Client(reason, 1024));

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning,
        Message = "{ProxyId} ({ConnectionId}) rejected {Type} nonce {Nonce}: {Error}")]
    private static partial void NackCore(ILogger logger, string proxyId, string connectionId, string type, string nonce, string error);

    public static void Nack(ILogger logger, string proxyId, string connectionId, string type, string nonce, string error) =>
        NackCore(logger, LogText.Client(proxyId), LogText.Client(connectionId), LogText.Client(type), LogText.Client(nonce), LogText.Client(error, 1024));

    [LoggerMessage(EventId = 3004, Level = LogLevel.Debug,
        Message = "{ProxyId} ({ConnectionId}) sent stale nonce {Nonce} for {Type}; latest is {Latest}")]
    private static partial void StaleNonceCore(ILogger logger, string proxyId, string connectionId, string type, string nonce, string? latest);

    public static void StaleNonce(ILogger logger, string proxyId, string connectionId, string type, string nonce, string? latest)
    {
            if (logger.IsEnabled(LogLevel.Debug))
        {
            StaleNonceCore(logger, LogText.Client(proxyId), LogText.Client(connectionId), LogText.Client(type), LogText.Client(nonce), LogText.Client(latest));
        }
    }

    [LoggerMessage(EventId = 3005, Level = LogLevel.Debug,
        Message = "{ProxyId} ({ConnectionId}) unsubscribed from {Type}")]
    private static partial void UnsubscribedCore(ILogger logger, string proxyId, string connectionId, string type);

    public static void Unsubscribed(ILogger logger, string proxyId, string connectionId, string type)
    {
        if (logger.IsEnabled(LogLevel.Debug))
        {
            UnsubscribedCore(logger, LogText.Client(proxyId), LogText.Client(connectionId), LogText.Client(type));
        }
    }

    [LoggerMessage(EventId = 3006, Level = LogLevel.Debug,
        Message = "{ProxyId} ({ConnectionId}) ACKed {Type} version {Version} nonce {Nonce}")]
    private static partial void AckCore(ILogger logger, string proxyId, string connectionId, string type, string version, string nonce);

    public static void Ack(ILogger logger, string proxyId, string connectionId, string type, string version, string nonce)
    {
        if (logger.IsEnabled(LogLevel.Debug))
        {
            AckCore(logger, LogText.Client(proxyId), LogText.Client(connectionId), LogText.Client(type), LogText.Client(version), LogText.Client(nonce));
        }
    }

    [LoggerMessage(EventId = 3007, Level = LogLevel.Error,
        Message = "Generating {Type} for {ProxyId} failed")]
    private static partial void GenerateFailedCore(ILogger logger, Exception exception, string type, string proxyId);

    public static void GenerateFailed(ILogger logger, Exception exception, string type, string proxyId) =>
        GenerateFailedCore(logger, exception, LogText.Client(type), LogText.Client(proxyId));

    [LoggerMessage(EventId = 3008, Level = LogLevel.Warning,
        Message = "Resource {Name} of type {ResourceType} withheld from {ProxyId}: the response is for {Type}")]
    private static partial void WrongResourceTypeCore(ILogger logger, string name, string resourceType, string proxyId, string type);

    public static void WrongResourceType(ILogger logger, string name, string resourceType, string proxyId, string type) =>
        WrongResourceTypeCore(logger, LogText.Client(name), LogText.Client(resourceType), LogText.Client(proxyId), LogText.Client(type));

    [LoggerMessage(EventId = 3009, Level = LogLevel.Error,
        Message = "Deciding whether push {Version} affects {ProxyId} failed; pushing to it anyway")]
    private static partial void AffectsFailedCore(ILogger logger, Exception exception, string version, string proxyId);

    public static void AffectsFailed(ILogger logger, Exception exception, string version, string proxyId) =>
        AffectsFailedCore(logger, exception, version, LogText.Client(proxyId));

    [LoggerMessage(EventId = 3010, Level = LogLevel.Debug,
        Message = "Sent {Type} to {ProxyId} ({ConnectionId}): version {Version}, nonce {Nonce}, {Count} resources, {Removed} removed")]
    private static partial void SentCore(ILogger logger, string type, string proxyId, string connectionId, string version, string nonce, int count, int removed);

    public static void Sent(ILogger logger, string type, string proxyId, string connectionId, string version, string nonce, int count, int removed)
    {
        if (logger.IsEnabled(LogLevel.Debug))
        {
            SentCore(logger, LogText.Client(type), LogText.Client(proxyId), LogText.Client(connectionId), version, nonce, count, removed);
        }
    }

    [LoggerMessage(EventId = 3011, Level = LogLevel.Debug,
        Message = "xDS stream {ConnectionId} of {ProxyId} ended with an error")]
    private static partial void StreamFailedCore(ILogger logger, Exception exception, string connectionId, string proxyId);

    public static void StreamFailed(ILogger logger, Exception exception, string connectionId, string proxyId)
    {
        if (logger.IsEnabled(LogLevel.Debug))
        {
            StreamFailedCore(logger, exception, LogText.Client(connectionId), LogText.Client(proxyId));
        }
    }

    [LoggerMessage(EventId = 9161, Level = LogLevel.Debug,
        Message = "{ProxyId} ({ConnectionId}) rejected {Type} nonce {Nonce} again (counted in istiod_xds_repeated_nacks)")]
    private static partial void RepeatedNackCore(ILogger logger, string proxyId, string connectionId, string type, string nonce);

    public static void RepeatedNack(ILogger logger, string proxyId, string connectionId, string type, string nonce)
    {
        if (logger.IsEnabled(LogLevel.Debug))
        {
            RepeatedNackCore(logger, LogText.Client(proxyId), LogText.Client(connectionId), LogText.Client(type), LogText.Client(nonce));
        }
    }

    [LoggerMessage(EventId = 9160, Level = LogLevel.Warning,
        Message = "xDS stream {ConnectionId} of {ProxyId}: type {Type} refused, ending the stream with INVALID_ARGUMENT: {Reason}")]
    private static partial void TypeRefusedCore(ILogger logger, string proxyId, string connectionId, string type, string reason);

    public static void TypeRefused(ILogger logger, string proxyId, string connectionId, string type, string reason) =>
        TypeRefusedCore(logger, LogText.Client(proxyId), LogText.Client(connectionId), LogText.Client(type), reason);

    [LoggerMessage(EventId = 3020, Level = LogLevel.Information,
        Message = "xDS stream of {ProxyId} from {Remote} authenticated by {Method} as {PeerIdentity}")]
    private static partial void StreamAuthenticatedCore(ILogger logger, string proxyId, string? remote, string method, string? peerIdentity);

    public static void StreamAuthenticated(ILogger logger, string proxyId, string? remote, string method, string? peerIdentity) =>
        StreamAuthenticatedCore(logger, LogText.Client(proxyId), remote, method, LogText.Client(peerIdentity));

    [LoggerMessage(EventId = 3021, Level = LogLevel.Warning,
        Message = "xDS stream of {ProxyId} from {Remote} presented a credential that was refused; serving it without an identity (no secrets): {Reason}")]
    private static partial void StreamAuthenticationRejectedCore(ILogger logger, string proxyId, string? remote, string? reason);

    public static void StreamAuthenticationRejected(ILogger logger, string proxyId, string? remote, string? reason) =>
        StreamAuthenticationRejectedCore(logger, LogText.Client(proxyId), remote, LogText.Client(reason, 1024));

    [LoggerMessage(EventId = 3022, Level = LogLevel.Warning,
        Message = "xDS stream of {ProxyId} from {Remote} could not be authenticated now; ending it so the client retries: {Reason}")]
    private static partial void StreamAuthenticationUnavailableCore(ILogger logger, string proxyId, string? remote, string? reason);

    public static void StreamAuthenticationUnavailable(ILogger logger, string proxyId, string? remote, string? reason) =>
        StreamAuthenticationUnavailableCore(logger, LogText.Client(proxyId), remote, LogText.Client(reason, 1024));

    [LoggerMessage(EventId = 3023, Level = LogLevel.Debug,
        Message = "xDS stream of {ProxyId} from {Remote} has no identity: {Reason}")]
    private static partial void StreamAnonymousCore(ILogger logger, string proxyId, string? remote, string? reason);

    public static void StreamAnonymous(ILogger logger, string proxyId, string? remote, string? reason)
    {
        if (logger.IsEnabled(LogLevel.Debug))
        {
            StreamAnonymousCore(logger, LogText.Client(proxyId), remote, LogText.Client(reason, 1024));
        }
    }

    // 9200-9249: issue 13 hardening (sec-input).
    [LoggerMessage(EventId = 9200, Level = LogLevel.Debug,
        Message = "xDS stream {ConnectionId} of {ProxyId}: the client disconnected ({Reason}: {Detail})")]
    private static partial void ClientDisconnectedCore(ILogger logger, string connectionId, string proxyId, string reason, string detail);

    public static void ClientDisconnected(ILogger logger, string connectionId, string proxyId, string reason, string detail)
    {
        if (logger.IsEnabled(LogLevel.Debug))
        {
            ClientDisconnectedCore(logger, connectionId, LogText.Client(proxyId), reason, LogText.Client(detail, 1024));
        }
    }
}
