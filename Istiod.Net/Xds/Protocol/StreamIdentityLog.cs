using Microsoft.Extensions.Logging;

namespace Istiod.Net.Xds.Protocol;

/// <summary>Logs of the checks that tie an open stream to its credential. Event ids 9110-9119.</summary>
internal static partial class StreamIdentityLog
{
    [LoggerMessage(EventId = 9110, Level = LogLevel.Warning,
        Message = "xDS stream of {ProxyId} from {Peer} refused (PERMISSION_DENIED) after {Method}: {Reason}")]
    public static partial void NodeIdentityDenied(ILogger logger, string proxyId, string? peer, string method, string? reason);

    [LoggerMessage(EventId = 9111, Level = LogLevel.Warning,
        Message = "{ProxyId} ({ConnectionId}): the credential for {PeerIdentity} is no longer valid; no new secret, stream ended (UNAUTHENTICATED): {Reason}")]
    public static partial void CredentialNoLongerValid(ILogger logger, string proxyId, string connectionId, string? peerIdentity, string reason);

    [LoggerMessage(EventId = 9112, Level = LogLevel.Warning,
        Message = "{ProxyId} ({ConnectionId}): the credential could not be checked again before new secrets; stream ended (UNAVAILABLE): {Reason}")]
    public static partial void CredentialRecheckUnavailable(ILogger logger, string proxyId, string connectionId, string reason);
}
