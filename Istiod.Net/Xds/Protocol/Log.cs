using Microsoft.Extensions.Logging;

namespace Istiod.Net.Xds.Protocol;

/// <summary>Logs of the ADS protocol layer. Event ids 3000-3099 are reserved for it.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information,
        Message = "xDS {Protocol} stream {ConnectionId} connected for {ProxyId} from {Peer}")]
    public static partial void Connected(ILogger logger, XdsStreamProtocol protocol, string connectionId, string proxyId, string? peer);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information,
        Message = "xDS stream {ConnectionId} of {ProxyId} disconnected after {Seconds:F1}s")]
    public static partial void Disconnected(ILogger logger, string connectionId, string proxyId, double seconds);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning,
        Message = "xDS stream from {Peer} rejected: {Reason}")]
    public static partial void ConnectRejected(ILogger logger, string? peer, string reason);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning,
        Message = "{ProxyId} ({ConnectionId}) rejected {Type} nonce {Nonce}: {Error}")]
    public static partial void Nack(ILogger logger, string proxyId, string connectionId, string type, string nonce, string error);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Debug,
        Message = "{ProxyId} ({ConnectionId}) sent stale nonce {Nonce} for {Type}; latest is {Latest}")]
    public static partial void StaleNonce(ILogger logger, string proxyId, string connectionId, string type, string nonce, string? latest);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Debug,
        Message = "{ProxyId} ({ConnectionId}) unsubscribed from {Type}")]
    public static partial void Unsubscribed(ILogger logger, string proxyId, string connectionId, string type);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Debug,
        Message = "{ProxyId} ({ConnectionId}) ACKed {Type} version {Version} nonce {Nonce}")]
    public static partial void Ack(ILogger logger, string proxyId, string connectionId, string type, string version, string nonce);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Error,
        Message = "Generating {Type} for {ProxyId} failed")]
    public static partial void GenerateFailed(ILogger logger, Exception exception, string type, string proxyId);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Warning,
        Message = "Resource {Name} of type {ResourceType} withheld from {ProxyId}: the response is for {Type}")]
    public static partial void WrongResourceType(ILogger logger, string name, string resourceType, string proxyId, string type);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Error,
        Message = "Deciding whether push {Version} affects {ProxyId} failed; pushing to it anyway")]
    public static partial void AffectsFailed(ILogger logger, Exception exception, string version, string proxyId);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Debug,
        Message = "Sent {Type} to {ProxyId} ({ConnectionId}): version {Version}, nonce {Nonce}, {Count} resources, {Removed} removed")]
    public static partial void Sent(ILogger logger, string type, string proxyId, string connectionId, string version, string nonce, int count, int removed);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Debug,
        Message = "xDS stream {ConnectionId} of {ProxyId} ended with an error")]
    public static partial void StreamFailed(ILogger logger, Exception exception, string connectionId, string proxyId);

    [LoggerMessage(EventId = 9160, Level = LogLevel.Warning,
        Message = "xDS stream {ConnectionId} of {ProxyId}: type {Type} refused, ending the stream with INVALID_ARGUMENT: {Reason}")]
    public static partial void TypeRefused(ILogger logger, string proxyId, string connectionId, string type, string reason);

    [LoggerMessage(EventId = 3020, Level = LogLevel.Information,
        Message = "xDS stream of {ProxyId} from {Remote} authenticated by {Method} as {PeerIdentity}")]
    public static partial void StreamAuthenticated(ILogger logger, string proxyId, string? remote, string method, string? peerIdentity);

    [LoggerMessage(EventId = 3021, Level = LogLevel.Warning,
        Message = "xDS stream of {ProxyId} from {Remote} presented a credential that was refused; serving it without an identity (no secrets): {Reason}")]
    public static partial void StreamAuthenticationRejected(ILogger logger, string proxyId, string? remote, string? reason);

    [LoggerMessage(EventId = 3022, Level = LogLevel.Warning,
        Message = "xDS stream of {ProxyId} from {Remote} could not be authenticated now; ending it so the client retries: {Reason}")]
    public static partial void StreamAuthenticationUnavailable(ILogger logger, string proxyId, string? remote, string? reason);

    [LoggerMessage(EventId = 3023, Level = LogLevel.Debug,
        Message = "xDS stream of {ProxyId} from {Remote} has no identity: {Reason}")]
    public static partial void StreamAnonymous(ILogger logger, string proxyId, string? remote, string? reason);
}
