using Microsoft.Extensions.Logging;

namespace Istiod.Net.Xds.Protocol;

/// <summary>Logs of the checks that tie an open stream to its credential. Event ids 9110-9119.</summary>
internal static partial class StreamIdentityLog
{
    [LoggerMessage(EventId = 9110, Level = LogLevel.Warning,
        Message = "xDS stream of {ProxyId} from {Peer} refused (PERMISSION_DENIED) after {Method}: {Reason}")]
    public static partial void NodeIdentityDenied(ILogger logger, string proxyId, string? peer, string method, string? reason);
}
