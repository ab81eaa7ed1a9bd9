using Istiod.Net.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Istiod.Net.Grpc;

/// <summary>
/// The gRPC seam's log events (ids 9250-9299); the transport itself is Grpc.AspNetCore's and logs as such.
/// A content type or an unknown method path is the client's text, so it passes through <see cref="LogText.Client"/>.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(9250, LogLevel.Error, "gRPC handler for {Method} failed; the client got status {Status} without details.")]
    public static partial void HandlerFailed(ILogger logger, string method, GrpcStatusCode status, Exception exception);

    [LoggerMessage(9251, LogLevel.Debug, "gRPC call {Method} ended with {Status}: {Message}")]
    public static partial void CallFailed(ILogger logger, string method, GrpcStatusCode status, string message);

    [LoggerMessage(9252, LogLevel.Debug, "gRPC call {Method} was cancelled by the client, its deadline, or the connection closing.")]
    public static partial void ClientCancelled(ILogger logger, string method);

    [LoggerMessage(9253, LogLevel.Debug, "gRPC call {Method} was stopped because the server is shutting down.")]
    public static partial void ServerStopping(ILogger logger, string method);

    [LoggerMessage(9254, LogLevel.Debug, "gRPC request with content type '{ContentType}' refused: only protobuf is served.")]
    private static partial void UnsupportedContentTypeCore(ILogger logger, string contentType);

    public static void UnsupportedContentType(ILogger logger, string contentType) =>
        UnsupportedContentTypeCore(logger, LogText.Client(contentType));

    [LoggerMessage(9255, LogLevel.Debug, "Connection {ConnectionId} from {Peer} reached its maximum age of {Age}; sending GOAWAY.")]
    public static partial void ConnectionAgeReached(ILogger logger, string connectionId, string peer, TimeSpan age);

    [LoggerMessage(9256, LogLevel.Debug, "gRPC call {Method} from {Peer} ended: its connection reached its maximum age.")]
    public static partial void ConnectionAged(ILogger logger, string method, string peer);

    [LoggerMessage(9258, LogLevel.Debug, "gRPC call {Method} passed its deadline.")]
    public static partial void DeadlineExceeded(ILogger logger, string method);

    [LoggerMessage(9257, LogLevel.Debug, "gRPC call to unknown method {Method}.")]
    private static partial void UnknownMethodCore(ILogger logger, string method);

    public static void UnknownMethod(ILogger logger, string method) => UnknownMethodCore(logger, LogText.Client(method));
}
