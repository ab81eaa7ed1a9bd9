using Istiod.Net.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Istiod.Net.Xds.Generation.Listeners;

/// <summary>Listener generation's log messages (conflicts, left-out listeners). Event ids 4200-4299.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4201, Level = LogLevel.Warning, Message = "Listener {Listener} for {View}: {Loser} conflicts with {Winner} and is left out")]
    private static partial void OutboundConflictCore(ILogger logger, string listener, string view, string loser, string winner);

    public static void OutboundConflict(ILogger logger, string listener, string view, string loser, string winner) =>
        OutboundConflictCore(logger, listener, LogText.Client(view), loser, winner);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Warning, Message = "Gateway {Gateway} server on port {Port} ({Hosts}) conflicts with {Winner} on the same port and is left out")]
    public static partial void GatewayServerConflict(ILogger logger, string gateway, uint port, string hosts, string winner);

    [LoggerMessage(EventId = 4203, Level = LogLevel.Information, Message = "Gateway {Gateway} server on port {Port} has no routes or certificate to serve; no filter chain")]
    public static partial void GatewayServerEmpty(ILogger logger, string gateway, uint port);

    [LoggerMessage(EventId = 4204, Level = LogLevel.Warning, Message = "Sidecar egress listener on unix socket {Bind} for {View} is not served (unix domain socket listeners are not supported) and is left out")]
    private static partial void UnixEgressSkippedCore(ILogger logger, string view, string bind);

    public static void UnixEgressSkipped(ILogger logger, string view, string bind) =>
        UnixEgressSkippedCore(logger, LogText.Client(view), bind);

    [LoggerMessage(EventId = 4205, Level = LogLevel.Warning, Message = "Listener {Listener} for {View}: an uncaptured Sidecar ingress listener has the name (bind and port) of an outbound listener and is left out")]
    private static partial void InboundNameTakenCore(ILogger logger, string listener, string view);

    public static void InboundNameTaken(ILogger logger, string listener, string view) =>
        InboundNameTakenCore(logger, listener, LogText.Client(view));
}
