using Istiod.Net.Xds.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Istiod.Net.Diagnostics;

/// <summary>
/// Debug views of the xDS streams, in the spirit of istiod's: /debug/syncz (who is connected and in what
/// ACK/NACK state) and /debug/config_dump?proxyID= (what a proxy was last sent). Needs an
/// <see cref="XdsConnectionRegistry"/> in the service container.
/// </summary>
public static class XdsDebugEndpoints
{
    private const string JsonContentType = "application/json";

    public static IEndpointRouteBuilder MapXdsDebugEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/debug/syncz", (XdsConnectionRegistry registry) =>
            Results.Content(XdsDebugJson.Syncz(registry.Snapshot()), JsonContentType));

        endpoints.MapGet("/debug/config_dump", (HttpRequest request, XdsConnectionRegistry registry) =>
        {
            var proxyId = request.Query["proxyID"].ToString();
            if (string.IsNullOrEmpty(proxyId))
            {
                return Results.Content(
                    XdsDebugJson.Error("the proxyID query parameter is required"),
                    JsonContentType,
                    statusCode: StatusCodes.Status400BadRequest);
            }

            var sent = registry.SentResources(proxyId);
            return sent is null
                ? Results.Content(
                    XdsDebugJson.Error($"no xDS stream is open for proxy '{proxyId}'"),
                    JsonContentType,
                    statusCode: StatusCodes.Status404NotFound)
                : Results.Content(XdsDebugJson.ConfigDump(proxyId, sent), JsonContentType);
        });

        return endpoints;
    }
}
