using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Istiod.Net.Grpc;

public static class GrpcApplicationBuilderExtensions
{
    /// <summary>
    /// Serves the registry's methods. A request is a gRPC call when it is a POST with content type
    /// <c>application/grpc</c> (or <c>application/grpc+...</c>) and <paramref name="filter"/>, when given,
    /// accepts it; everything else passes to the next middleware.
    /// </summary>
    /// <param name="filter">
    /// Limits which requests are gRPC calls, typically by port so the monitoring port never serves gRPC:
    /// <c>ctx =&gt; ctx.Connection.LocalPort is 15010 or 15012</c>.
    /// </param>
    public static IApplicationBuilder UseGrpcServices(
        this IApplicationBuilder app,
        GrpcServiceRegistry registry,
        GrpcServerOptions? options = null,
        Func<HttpContext, bool>? filter = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(registry);
        var services = app.ApplicationServices;
        var logger = services.GetService<ILoggerFactory>()?.CreateLogger("Istiod.Net.Grpc.Server")
            ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        var stopping = services.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        var resolvedOptions = options ?? new GrpcServerOptions();
        return app.Use(next =>
            new GrpcServerMiddleware(next, registry, resolvedOptions, filter, logger, stopping).InvokeAsync);
    }
}
