using Istiod.Net.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Istiod.Net.Hosting;

/// <summary>
/// Which services the process runs and what each port serves: the one place the areas are joined.
/// </summary>
public static class IstiodServices
{
    public static void Add(IServiceCollection services, ServeOptions options)
    {
    }

    public static void MapMonitoring(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMonitoringEndpoints();
    }

    public static void MapGrpc(IApplicationBuilder app, ServeOptions options)
    {
    }
}
