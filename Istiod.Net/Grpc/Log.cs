using Microsoft.Extensions.Logging;

namespace Istiod.Net.Grpc;

/// <summary>The gRPC transport's log events. Ids 1100-1199 belong to this area and never change meaning.</summary>
internal static partial class Log
{
    [LoggerMessage(1100, LogLevel.Debug, "gRPC call to unknown method {Method}.")]
    public static partial void UnknownMethod(ILogger logger, string method);

    [LoggerMessage(1101, LogLevel.Error, "gRPC handler for {Method} failed; the client got status {Status} without details.")]
    public static partial void HandlerFailed(ILogger logger, string method, GrpcStatusCode status, Exception exception);

    [LoggerMessage(1102, LogLevel.Debug, "gRPC call {Method} ended with {Status}: {Message}")]
    public static partial void CallFailed(ILogger logger, string method, GrpcStatusCode status, string message);

    [LoggerMessage(1103, LogLevel.Debug, "gRPC call {Method} passed its deadline of {Timeout}.")]
    public static partial void DeadlineExceeded(ILogger logger, string method, TimeSpan timeout);

    [LoggerMessage(1104, LogLevel.Debug, "gRPC call {Method} was cancelled by the client or the connection closed.")]
    public static partial void ClientCancelled(ILogger logger, string method);

    [LoggerMessage(1105, LogLevel.Debug, "gRPC call {Method} sent an invalid grpc-timeout '{Value}'; it is ignored.")]
    public static partial void InvalidTimeout(ILogger logger, string method, string value);

    [LoggerMessage(1106, LogLevel.Debug, "gRPC request over {Protocol} refused: gRPC needs HTTP/2.")]
    public static partial void UnsupportedProtocol(ILogger logger, string protocol);

    [LoggerMessage(1107, LogLevel.Debug, "gRPC call {Method} was stopped because the server is shutting down.")]
    public static partial void ServerStopping(ILogger logger, string method);

    [LoggerMessage(1108, LogLevel.Debug, "gRPC request with content type '{ContentType}' refused: only protobuf is served.")]
    public static partial void UnsupportedContentType(ILogger logger, string contentType);
}
