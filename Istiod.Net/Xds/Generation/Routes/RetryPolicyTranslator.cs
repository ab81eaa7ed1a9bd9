using Envoy.Config.Route.V3;
using Istiod.Net.Config.Model;

namespace Istiod.Net.Xds.Generation.Routes;

/// <summary>
/// An Istio retry policy for gRPC clients (gRFC A44). gRPC retries only on status codes named in
/// retry_on (cancelled, deadline-exceeded, internal, resource-exhausted, unavailable) and ignores other
/// conditions; Envoy's connection-level conditions (connect-failure, reset, 5xx...) surface in gRPC as
/// UNAVAILABLE, so they translate to "unavailable".
/// </summary>
public static class RetryPolicyTranslator
{
    /// <summary>Istio's retryOn when a VirtualService sets attempts but no conditions.</summary>
    public const string IstioDefaultRetryOn = "connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes";

    private static readonly string[] GrpcOrder = ["cancelled", "deadline-exceeded", "internal", "resource-exhausted", "unavailable"];

    private static readonly IReadOnlyDictionary<string, string> Mapping = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["cancelled"] = "cancelled",
        ["deadline-exceeded"] = "deadline-exceeded",
        ["internal"] = "internal",
        ["resource-exhausted"] = "resource-exhausted",
        ["unavailable"] = "unavailable",
        ["connect-failure"] = "unavailable",
        ["refused-stream"] = "unavailable",
        ["reset"] = "unavailable",
        ["gateway-error"] = "unavailable",
        ["5xx"] = "unavailable",
    };

    /// <summary>The policy, or null for no retries (attempts absent or 0, or no condition gRPC knows).</summary>
    public static RetryPolicy? Translate(HttpRetry? retry)
    {
        if (retry?.Attempts is not > 0)
        {
            return null;
        }

        var retryOn = GrpcRetryOn(retry.RetryOn is { Length: > 0 } given ? given : IstioDefaultRetryOn);
        if (retryOn.Length == 0)
        {
            return null;
        }

        var policy = new RetryPolicy { RetryOn = retryOn, NumRetries = (uint)retry.Attempts.Value };
        if (IstioDuration.ToProto(retry.PerTryTimeout) is { } perTry)
        {
            policy.PerTryTimeout = perTry;
        }

        return policy;
    }

    /// <summary>The gRPC status names an Istio retryOn amounts to, comma-separated, in a fixed order.</summary>
    public static string GrpcRetryOn(string istioRetryOn)
    {
        var wanted = istioRetryOn.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(c => Mapping.GetValueOrDefault(c))
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        return string.Join(",", GrpcOrder.Where(wanted.Contains));
    }
}
