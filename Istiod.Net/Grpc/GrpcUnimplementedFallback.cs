using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Istiod.Net.Grpc;

/// <summary>
/// After the registry's endpoints: a gRPC call nobody served is an unknown method. Answered trailers-only with
/// UNIMPLEMENTED naming the method (the library's own answer does not say which); anything else passes on.
/// </summary>
internal sealed class GrpcUnimplementedFallback(RequestDelegate next, ILogger<GrpcUnimplementedFallback> logger)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method) || !GrpcProtocol.IsGrpcContentType(request.ContentType))
        {
            return next(context);
        }

        var path = request.Path.Value ?? string.Empty;
        Log.UnknownMethod(logger, path);
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = GrpcProtocol.ContentType;
        response.Headers[GrpcProtocol.StatusHeader] = ((int)GrpcStatusCode.Unimplemented).ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers[GrpcProtocol.MessageHeader] = GrpcMessageEncoding.Encode($"Method '{path}' is not implemented by this server.");
        return Task.CompletedTask;
    }
}
