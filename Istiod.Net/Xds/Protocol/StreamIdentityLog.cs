using Istiod.Net.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Istiod.Net.Xds.Protocol;

/// <summary>Logs of the checks that tie an open stream to its credential. Event ids 9110-9119.</summary>
internal static partial class StreamIdentityLog
{
    [LoggerMessage(EventId = 9110, Level = LogLevel.Warning,
        Message = "xDS stream of {ProxyId} from {Peer} refused (PERMISSION_DENIED) after {Method}: {Reason}")]
    private static partial void NodeIdentityDeniedCore(ILogger logger, string proxyId, string? peer, string method, string? reason);

    public static void NodeIdentityDenied(ILogger logger, string proxyId, string? peer, string method, string? reason) =>
        NodeIdentityDeniedCore(logger, LogText.Client(proxyId), peer, method, LogText.Client(reason, 1024));

    [LoggerMessage(EventId = 9111, Level = LogLevel.Warning,
        Message = "{ProxyId} ({ConnectionId}): the credential for {PeerIdentity} is no longer valid; no new secret, stream ended (UNAUTHENTICATED): {Reason}")]
    private static partial void CredentialNoLongerValidCore(ILogger logger, string proxyId, string connectionId, string? peerIdentity, string reason);

    public static void CredentialNoLongerValid(ILogger logger, string proxyId, string connectionId, string? peerIdentity, string reason) =>
        CredentialNoLongerValidCore(logger, LogText.Client(proxyId), LogText.Client(connectionId), peerIdentity, LogText.Client(reason, 1024));

    [LoggerMessage(EventId = 9112, Level = LogLevel.Warning,
        Message = "{ProxyId} ({ConnectionId}): the credential could not be checked again before new secrets; stream ended (UNAVAILABLE): {Reason}")]
    private static partial void CredentialRecheckUnavailableCore(ILogger logger, string proxyId, string connectionId, string reason);

    public static void CredentialRecheckUnavailable(ILogger logger, string proxyId, string connectionId, string reason) =>
        CredentialRecheckUnavailableCore(logger, LogText.Client(proxyId), LogText.Client(connectionId), LogText.Client(reason, 1024));
}
