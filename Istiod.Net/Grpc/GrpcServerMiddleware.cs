using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Logging;

namespace Istiod.Net.Grpc;

/// <summary>
/// Serves the methods of a <see cref="GrpcServiceRegistry"/>: every POST with a gRPC content type that the
/// filter accepts is a call; anything else goes on to the rest of the pipeline.
/// </summary>
internal sealed class GrpcServerMiddleware(
    RequestDelegate next,
    GrpcServiceRegistry registry,
    GrpcServerOptions options,
    Func<HttpContext, bool>? filter,
    ILogger logger,
    CancellationToken serverStopping)
{
    private static readonly HashSet<string> TransportHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "content-type", "content-length", "te", "host", "connection",
        GrpcProtocol.TimeoutHeader, GrpcProtocol.EncodingHeader, GrpcProtocol.AcceptEncodingHeader,
    };

    public Task InvokeAsync(HttpContext httpContext)
    {
        var request = httpContext.Request;
        if (!HttpMethods.IsPost(request.Method) || !GrpcProtocol.IsGrpcContentType(request.ContentType) ||
            (filter is not null && !filter(httpContext)))
        {
            return next(httpContext);
        }

        return HandleCallAsync(httpContext);
    }

    private async Task HandleCallAsync(HttpContext httpContext)
    {
        var request = httpContext.Request;
        var response = httpContext.Response;
        if (!HttpProtocol.IsHttp2(request.Protocol))
        {
            Log.UnsupportedProtocol(logger, request.Protocol);
            response.StatusCode = StatusCodes.Status426UpgradeRequired;
            response.Headers.Connection = "Upgrade";
            response.Headers.Upgrade = "h2c";
            return;
        }

        if (!GrpcProtocol.IsProtobufContentType(request.ContentType!))
        {
            // The gRPC spec's answer to a codec the server does not speak.
            Log.UnsupportedContentType(logger, request.ContentType!);
            response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return;
        }

        // Streams live as long as the proxy does and may be idle for hours: body rate and size limits meant
        // for ordinary HTTP requests would cut them. Per-message size is limited by the reader instead.
        if (httpContext.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } rate)
        {
            rate.MinDataRate = null;
        }

        if (httpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = null;
        }

        response.Headers[GrpcProtocol.AcceptEncodingHeader] = GrpcProtocol.IdentityEncoding;
        var path = request.Path.Value ?? string.Empty;
        if (!registry.TryGetMethod(path, out var handler))
        {
            Log.UnknownMethod(logger, path);
            GrpcServerCall.WriteTrailersOnly(
                response, new GrpcStatus(GrpcStatusCode.Unimplemented, $"Method '{path}' is not implemented by this server."));
            return;
        }

        TimeSpan? timeout = null;
        var timeoutHeader = request.Headers[GrpcProtocol.TimeoutHeader].ToString();
        if (timeoutHeader.Length > 0)
        {
            if (GrpcTimeout.TryParse(timeoutHeader, out var parsed))
            {
                timeout = parsed;
            }
            else
            {
                Log.InvalidTimeout(logger, path, timeoutHeader);
            }
        }

        using var deadline = CreateDeadline(timeout);
        using var callCancellation = CancellationTokenSource.CreateLinkedTokenSource(
            httpContext.RequestAborted, serverStopping, deadline?.Token ?? CancellationToken.None);

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = GrpcProtocol.ContentType;
        var context = CreateContext(httpContext, path, timeout, callCancellation.Token);
        var reader = new GrpcMessageReader(
            request.BodyReader, options.MaxReceiveMessageSize, "request", request.Headers[GrpcProtocol.EncodingHeader].ToString());
        var call = new GrpcServerCall(httpContext, options, context, reader);

        var status = await RunAsync(handler, call, deadline, timeout, httpContext.RequestAborted).ConfigureAwait(false);
        if (status is null || httpContext.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        try
        {
            await call.CompleteAsync(status).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (httpContext.RequestAborted.IsCancellationRequested)
        {
            Log.ClientCancelled(logger, path);
        }
    }

    /// <summary>Runs the handler and turns its outcome into the status to send; <c>null</c> when nobody is listening.</summary>
    private async Task<GrpcStatus?> RunAsync(
        GrpcMethodHandler handler,
        GrpcServerCall call,
        CancellationTokenSource? deadline,
        TimeSpan? timeout,
        CancellationToken requestAborted)
    {
        try
        {
            await handler.InvokeAsync(call).ConfigureAwait(false);
            return GrpcStatus.Ok;
        }
        catch (Exception) when (deadline?.IsCancellationRequested == true)
        {
            // Whatever the handler threw once the deadline passed (cancellation, a failed read) is the deadline's doing.
            Log.DeadlineExceeded(logger, handler.Method, timeout ?? TimeSpan.Zero);
            return new GrpcStatus(GrpcStatusCode.DeadlineExceeded, "The deadline passed before the call completed.");
        }
        catch (GrpcException ex)
        {
            Log.CallFailed(logger, handler.Method, ex.Status, ex.Message);
            return new GrpcStatus(ex.Status, ex.Message);
        }
        catch (Exception) when (requestAborted.IsCancellationRequested)
        {
            Log.ClientCancelled(logger, handler.Method);
            return null;
        }
        catch (OperationCanceledException) when (serverStopping.IsCancellationRequested)
        {
            Log.ServerStopping(logger, handler.Method);
            return new GrpcStatus(GrpcStatusCode.Unavailable, "The server is shutting down.");
        }
        catch (Exception ex)
        {
            // The exception text may hold internals (paths, config, stack): it goes to the log, never to the peer.
            Log.HandlerFailed(logger, handler.Method, GrpcStatusCode.Unknown, ex);
            return new GrpcStatus(GrpcStatusCode.Unknown, "The server failed to handle the call; see the server log.");
        }
    }

    private static CancellationTokenSource? CreateDeadline(TimeSpan? timeout)
    {
        // CancellationTokenSource cannot wait longer than ~49 days; a longer deadline is no deadline at all.
        if (timeout is not { } value || value.TotalMilliseconds > uint.MaxValue - 1)
        {
            return null;
        }

        return new CancellationTokenSource(value);
    }

    private static GrpcCallContext CreateContext(
        HttpContext httpContext, string path, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in httpContext.Request.Headers)
        {
            if (name.StartsWith(':') || TransportHeaders.Contains(name))
            {
                continue;
            }

            headers[name.ToLowerInvariant()] = values.ToString();
        }

        var connection = httpContext.Connection;
        var isTls = httpContext.Request.IsHttps;
        return new GrpcCallContext
        {
            Method = path,
            RequestHeaders = headers,
            CancellationToken = cancellationToken,
            Deadline = timeout is { } t ? DateTimeOffset.UtcNow + t : null,
            RemoteEndPoint = connection.RemoteIpAddress is { } address
                ? new System.Net.IPEndPoint(address, connection.RemotePort)
                : null,
            LocalPort = connection.LocalPort,
            IsTls = isTls,
            ClientCertificate = isTls ? connection.ClientCertificate : null,
            ConnectionId = connection.Id,
        };
    }
}
