using System.Net.Http.Headers;
using Istiod.Net.Config.Parsing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Istiod.Net.Admission;

/// <summary>
/// The validating admission webhook's HTTP surface: <c>POST /validate</c>. The host serves it over TLS
/// (port 15017); this class only speaks the AdmissionReview protocol and refuses bad bodies with a 4xx.
/// </summary>
public static class AdmissionWebhookEndpoints
{
    /// <summary>Twice Kubernetes' 3 MiB object limit: anything larger cannot be a real review.</summary>
    public const int MaxBodyBytes = 6 * 1024 * 1024;

    public const string DefaultPath = "/validate";

    public static IEndpointRouteBuilder MapAdmissionWebhook(this IEndpointRouteBuilder endpoints, ConfigParser? parser = null, string path = DefaultPath)
    {
        var handler = new AdmissionReviewHandler(parser ?? new ConfigParser());
        endpoints.MapPost(path, (HttpContext context) => HandleAsync(context, handler));
        return endpoints;
    }

    private static async Task HandleAsync(HttpContext context, AdmissionReviewHandler handler)
    {
        var logger = context.RequestServices.GetService<ILoggerFactory>()?.CreateLogger("Istiod.Net.Admission") ?? NullLogger.Instance;
        if (!IsJson(context.Request.ContentType))
        {
            await RefuseAsync(context, logger, new AdmissionProblem(StatusCodes.Status415UnsupportedMediaType, $"content type must be application/json, got {context.Request.ContentType ?? "none"}"));
            return;
        }

        if (context.Request.ContentLength > MaxBodyBytes)
        {
            await RefuseAsync(context, logger, TooLarge());
            return;
        }

        var body = await ReadBodyAsync(context.Request.Body, context.RequestAborted);
        if (body is null)
        {
            await RefuseAsync(context, logger, TooLarge());
            return;
        }

        var (response, problem, decision) = handler.Handle(body.Value.Span);
        if (problem is not null)
        {
            await RefuseAsync(context, logger, problem);
            return;
        }

        if (decision is { Allowed: false, Message: { } message })
        {
            Log.Denied(logger, response!["response"]?["uid"]?.ToString() ?? string.Empty, message);
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(response!.ToJsonString(), context.RequestAborted);
    }

    private static AdmissionProblem TooLarge() =>
        new(StatusCodes.Status413PayloadTooLarge, $"request body is larger than {MaxBodyBytes} bytes");

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && string.Equals(parsed.MediaType, "application/json", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads at most <see cref="MaxBodyBytes"/>; null when the body is longer (chunked bodies have no length up front).</summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(Stream body, CancellationToken cancellation)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellation)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    private static async Task RefuseAsync(HttpContext context, ILogger logger, AdmissionProblem problem)
    {
        Log.BadRequest(logger, problem.StatusCode, problem.Reason);
        context.Response.StatusCode = problem.StatusCode;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(problem.Reason + "\n", context.RequestAborted);
    }
}
