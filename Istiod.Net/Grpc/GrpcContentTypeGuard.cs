using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Istiod.Net.Grpc;

/// <summary>
/// Answers HTTP 415 to gRPC calls in a codec other than protobuf (<c>application/grpc+json</c> and the like), as the
/// gRPC spec asks. Grpc.AspNetCore would take them as protobuf and fail on the first message instead.
/// </summary>
internal sealed class GrpcContentTypeGuard(RequestDelegate next, ILogger<GrpcContentTypeGuard> logger)
{
    public Task InvokeAsync(HttpContext context)
    {
        var contentType = context.Request.ContentType;
        if (HttpMethods.IsPost(context.Request.Method) && GrpcProtocol.IsGrpcContentType(contentType) &&
            !GrpcProtocol.IsProtobufContentType(contentType!))
        {
            Log.UnsupportedContentType(logger, contentType!);
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return Task.CompletedTask;
        }

        return next(context);
    }
}
