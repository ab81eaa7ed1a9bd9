using System.Text.Json;
using System.Text.Json.Serialization;
using Istiod.Net.Config.Store;
using Istiod.Net.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Istiod.Net.Diagnostics;

/// <summary>The monitoring port's own endpoints: readiness, metrics and the config in force.</summary>
public static class MonitoringEndpoints
{
    internal static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    public static IEndpointRouteBuilder MapMonitoringEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/ready", (ReadinessGate gate, HttpContext http) =>
        {
            // Unhealthy first: a replica that ran out of memory must leave the load balancer even mid-start.
            if (http.RequestServices.GetService<ProcessHealth>()?.Problems() is { Count: > 0 } problems)
            {
                return Results.Text($"not ready: unhealthy: {string.Join(", ", problems)}\n", statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            var pending = gate.Pending();
            return pending.Count == 0
                ? Results.Text("ready\n")
                : Results.Text($"not ready: waiting for {string.Join(", ", pending)}\n", statusCode: StatusCodes.Status503ServiceUnavailable);
        });

        // OpenTelemetry's exporter (MetricsExport); Prometheus text 0.0.4, or OpenMetrics when asked for.
        endpoints.MapPrometheusScrapingEndpoint("/metrics");

        // Istio config holds no Secret, but an EnvoyFilter patch may inline a key: redacted like config_dump.
        endpoints.MapGet("/debug/configz", (IConfigStore store) => Results.Content(
            SecretRedaction.Redact(JsonSerializer.SerializeToNode(Configz(store), Json))?.ToJsonString(Json) ?? "null",
            "application/json"));
        return endpoints;
    }

    /// <summary>The config in force and the documents that were refused, with every error.</summary>
    private static object Configz(IConfigStore store)
    {
        var snapshot = store.Current;
        return new
        {
            version = snapshot.Version,
            configs = snapshot.All
                .OrderBy(c => c.Kind, StringComparer.Ordinal)
                .ThenBy(c => c.Meta.Namespace, StringComparer.Ordinal)
                .ThenBy(c => c.Meta.Name, StringComparer.Ordinal)
                .Select(c => new { kind = c.Kind, @namespace = c.Meta.Namespace, name = c.Meta.Name, spec = c.Spec }),
            rejected = store.Rejections.Select(r => new
            {
                source = r.Source,
                documentIndex = r.DocumentIndex,
                kind = r.Kind,
                @namespace = r.Namespace,
                name = r.Name,
                errors = r.Errors.Select(e => new { path = e.Path, message = e.Message }),
                at = r.At,
            }),
        };
    }
}
