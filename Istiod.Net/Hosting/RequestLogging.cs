using Istiod.Net.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Serilog;
using Serilog.Events;

namespace Istiod.Net.Hosting;

/// <summary>
/// One line per HTTP request on the webhook and monitoring ports (Serilog.AspNetCore's request logging):
/// method, path, status, elapsed time and the caller's address. Scrapes and probes of /metrics and /ready
/// come every few seconds from every Prometheus and kubelet, so they log at debug only.
/// </summary>
public static class RequestLogging
{
    public const string Template = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0} ms from {RemoteAddress}";

    public static IApplicationBuilder UseRequestLogging(this IApplicationBuilder app, Serilog.ILogger logger) =>
        app.UseSerilogRequestLogging(options =>
        {
            options.Logger = logger;
            options.MessageTemplate = Template;
            options.GetLevel = (http, _, exception) => LevelFor(http.Request.Path, http.Response.StatusCode, exception);
            // The path is the client's text: escaped and capped like every other client text in our logs.
            options.GetMessageTemplateProperties = (http, path, elapsed, status) =>
            [
                new LogEventProperty("RequestMethod", new ScalarValue(LogText.Client(http.Request.Method, 16))),
                new LogEventProperty("RequestPath", new ScalarValue(LogText.Client(path))),
                new LogEventProperty("StatusCode", new ScalarValue(status)),
                new LogEventProperty("Elapsed", new ScalarValue(elapsed)),
            ];
            options.EnrichDiagnosticContext = (diagnostics, http) =>
                diagnostics.Set("RemoteAddress", http.Connection.RemoteIpAddress?.ToString() ?? "(unknown)");
        });

    /// <summary>
    /// Debug for the periodic scrapes and probes (a 503 from /ready is the answer "not ready yet", already
    /// said by the readiness gate's own logs), errors for other failures, information for the rest.
    /// </summary>
    public static LogEventLevel LevelFor(PathString path, int status, Exception? exception)
    {
        if (exception is not null)
        {
            return LogEventLevel.Error;
        }

        if (path.Equals("/metrics", StringComparison.OrdinalIgnoreCase) || path.Equals("/ready", StringComparison.OrdinalIgnoreCase))
        {
            return LogEventLevel.Debug;
        }

        return status >= StatusCodes.Status500InternalServerError ? LogEventLevel.Error : LogEventLevel.Information;
    }
}
