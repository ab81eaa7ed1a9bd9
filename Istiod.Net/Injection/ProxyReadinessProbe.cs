using System.Globalization;
using System.Text.Json.Nodes;
using Istiod.Net.Xds.Bootstrap;

namespace Istiod.Net.Injection;

/// <summary>
/// The istio-proxy container's readinessProbe on the bootstrap's health listener (the injected bootstrap keeps
/// the default port), which answers 200 once Envoy has its first clusters and listeners from the control plane,
/// so a pod takes no traffic before its proxy can route it. Istio's path and port, and Istio's timings for a
/// readiness probe without a startup probe (1 s delay, every 2 s, 30 failures, 3 s timeout); the delay, period
/// and threshold each yield to their <c>readiness.status.sidecar.istio.io/*</c> annotation.
/// </summary>
public sealed record ProxyReadinessProbe(int InitialDelaySeconds, int PeriodSeconds, int FailureThreshold)
{
    public const int TimeoutSeconds = 3;

    public static ProxyReadinessProbe FromAnnotations(JsonObject? annotations) => new(
        Seconds(annotations, InjectionNames.ReadinessInitialDelayAnnotation, 1, minimum: 0),
        Seconds(annotations, InjectionNames.ReadinessPeriodAnnotation, 2, minimum: 1),
        Seconds(annotations, InjectionNames.ReadinessFailureThresholdAnnotation, 30, minimum: 1));

    public JsonObject ToJson() => new()
    {
        ["httpGet"] = new JsonObject
        {
            ["path"] = EnvoyBootstrapBuilder.ReadinessPath,
            ["port"] = EnvoyBootstrapOptions.DefaultHealthPort,
        },
        ["initialDelaySeconds"] = InitialDelaySeconds,
        ["periodSeconds"] = PeriodSeconds,
        ["timeoutSeconds"] = TimeoutSeconds,
        ["failureThreshold"] = FailureThreshold,
    };

    /// <summary>The annotation as a whole number (Kubernetes refuses the pod otherwise, later and less clearly), or the default when absent.</summary>
    private static int Seconds(JsonObject? annotations, string key, int fallback, int minimum)
    {
        if (annotations?[key] is not JsonValue value || !value.TryGetValue(out string? text))
        {
            return fallback;
        }

        if (!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < minimum)
        {
            throw new SidecarInjectionException($"metadata.annotations[{key}]: '{text}' is not a whole number of at least {minimum}");
        }

        return number;
    }
}
