using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Istiod.Net.Hosting;

/// <summary>Puts a <see cref="DebugAccessGate"/> in front of every endpoint of a branch (the monitoring port).</summary>
public static class DebugAccessMiddleware
{
    public static IApplicationBuilder UseDebugAccess(this IApplicationBuilder app, DebugAccessGate gate)
    {
        var logger = app.ApplicationServices.GetService<ILoggerFactory>()?.CreateLogger(typeof(DebugAccessGate).FullName!)
            ?? NullLogger.Instance;
        return app.Use(async (http, next) =>
        {
            var decision = await gate.CheckAsync(http).ConfigureAwait(false);
            if (decision.Allowed)
            {
                await next(http).ConfigureAwait(false);
                return;
            }

            DebugAccessLog.Refused(logger, Shorten(http.Request.Path.Value ?? ""), http.Connection.RemoteIpAddress?.ToString(), decision.StatusCode, decision.Reason);
            http.Response.StatusCode = decision.StatusCode;
            if (decision.StatusCode == StatusCodes.Status401Unauthorized)
            {
                http.Response.Headers.WWWAuthenticate = "Bearer";
            }

            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, string?> { ["error"] = decision.Reason })).ConfigureAwait(false);
        });
    }

    /// <summary>The path is the caller's text: a bounded piece of it is enough to tell what was asked.</summary>
    private static string Shorten(string path) => path.Length > 200 ? path[..200] + "..." : path;
}
