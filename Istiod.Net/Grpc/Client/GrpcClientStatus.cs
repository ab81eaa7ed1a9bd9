using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Istiod.Net.Grpc.Client;

/// <summary>Turns what came back over HTTP (status code, headers, trailers, transport errors) into a gRPC status.</summary>
internal static class GrpcClientStatus
{
    /// <summary>The status in <paramref name="headers"/>, or <c>null</c> when there is no <c>grpc-status</c>.</summary>
    public static GrpcStatus? FromHeaders(HttpHeaders headers)
    {
        if (!headers.TryGetValues(GrpcProtocol.StatusHeader, out var statusValues))
        {
            return null;
        }

        var statusText = string.Join(",", statusValues);
        var message = headers.TryGetValues(GrpcProtocol.MessageHeader, out var messageValues)
            ? GrpcMessageEncoding.Decode(string.Join(",", messageValues))
            : string.Empty;
        if (!int.TryParse(statusText, NumberStyles.None, CultureInfo.InvariantCulture, out var code) || code > 16)
        {
            return new GrpcStatus(GrpcStatusCode.Unknown, $"The server sent an invalid grpc-status '{statusText}'. {message}".TrimEnd());
        }

        return new GrpcStatus((GrpcStatusCode)code, message);
    }

    /// <summary>The mapping gRPC defines for responses that are not HTTP 200.</summary>
    public static GrpcStatus FromHttpStatus(HttpStatusCode status)
    {
        var code = status switch
        {
            HttpStatusCode.BadRequest => GrpcStatusCode.Internal,
            HttpStatusCode.Unauthorized => GrpcStatusCode.Unauthenticated,
            HttpStatusCode.Forbidden => GrpcStatusCode.PermissionDenied,
            HttpStatusCode.NotFound => GrpcStatusCode.Unimplemented,
            HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable
                or HttpStatusCode.GatewayTimeout => GrpcStatusCode.Unavailable,
            _ => GrpcStatusCode.Unknown,
        };
        return new GrpcStatus(code, $"The server answered HTTP {(int)status} instead of a gRPC response.");
    }

    /// <summary>A transport failure: connection refused, stream reset, connection lost.</summary>
    public static GrpcStatus FromTransportFailure(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is HttpProtocolException protocol)
            {
                // RST_STREAM / GOAWAY error codes, mapped as the gRPC HTTP/2 spec asks.
                var code = protocol.ErrorCode switch
                {
                    // NO_ERROR fails a stream only when the server closes the connection under it (GOAWAY on
                    // shutdown, possibly before the trailers were read): the server is going away, try another.
                    0x0 => GrpcStatusCode.Unavailable,
                    0x7 => GrpcStatusCode.Unavailable, // REFUSED_STREAM: not processed, safe to retry
                    0x8 => GrpcStatusCode.Cancelled, // CANCEL
                    0xb => GrpcStatusCode.ResourceExhausted, // ENHANCE_YOUR_CALM
                    0xc => GrpcStatusCode.PermissionDenied, // INADEQUATE_SECURITY
                    _ => GrpcStatusCode.Internal,
                };
                return new GrpcStatus(code, $"The HTTP/2 stream failed: {protocol.Message}");
            }
        }

        if (exception is ObjectDisposedException)
        {
            // HttpClient disposes the request stream once the server has ended the stream.
            return new GrpcStatus(
                GrpcStatusCode.Unavailable,
                "The request stream is closed: the server or the connection ended the call; read the response for its status.");
        }

        return new GrpcStatus(GrpcStatusCode.Unavailable, $"The call failed in transport: {exception.Message}");
    }
}
