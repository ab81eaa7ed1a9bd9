using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Istiod.Net.Injection;

/// <summary>The mutating webhook's HTTP surface: <c>POST /inject</c>, served beside <c>/validate</c> on the webhook port.</summary>
public static class InjectionWebhookEndpoints
{
    public const string DefaultPath = "/inject";

    /// <summary>Same cap as the validating webhook: twice Kubernetes' object limit.</summary>
    public const int MaxBodyBytes = 6 * 1024 * 1024;

    public static IEndpointRouteBuilder MapInjectionWebhook(this IEndpointRouteBuilder endpoints, SidecarInjectionOptions? options = null, string path = DefaultPath)
    {
        var handler = new InjectionReviewHandler(new SidecarInjector(options ?? new SidecarInjectionOptions()));
        endpoints.MapPost(path, (HttpContext context) => HandleAsync(context, handler));
        return endpoints;
    }

    private static async Task HandleAsync(HttpContext context, InjectionReviewHandler handler)
    {
        var logger = context.RequestServices.GetService<ILoggerFactory>()?.CreateLogger("Istiod.Net.Injection") ?? NullLogger.Instance;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                await RefuseAsync(context, logger, StatusCodes.Status413PayloadTooLarge, $"request body is larger than {MaxBodyBytes} bytes");
                return;
            }

            buffer.Write(chunk, 0, read);
        }

        var (response, problem, result) = handler.Handle(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        if (problem is not null)
        {
            await RefuseAsync(context, logger, StatusCodes.Status400BadRequest, problem);
            return;
        }

        var uid = response!["response"]?["uid"]?.ToString() ?? string.Empty;
        if (response["response"]?["warnings"] is { } warnings)
        {
            Log.NotInjected(logger, uid, warnings[0]?.ToString() ?? string.Empty);
        }
        else if (result is { Injected: true })
        {
            Log.Injected(logger, uid, result.Reason);
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(response.ToJsonString(), context.RequestAborted);
    }

    private static async Task RefuseAsync(HttpContext context, ILogger logger, int status, string reason)
    {
        Log.BadRequest(logger, status, reason);
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(reason + "\n", context.RequestAborted);
    }
}
