using System.Globalization;
using Envoy.Config.Route.V3;
using Envoy.Extensions.Retry.Host.PreviousHosts.V3;
using Envoy.Extensions.Retry.Priority.PreviousPriorities.V3;
using Google.Protobuf.WellKnownTypes;
using Istiod.Net.Config.Model;

namespace Istiod.Net.Xds.Generation.Routes;

/// <summary>
/// An Istio retry policy for Envoy. Without a retries block Istio still retries twice on connection
/// failures and 503s; attempts 0 turns retries off. Numbers in retryOn are HTTP status codes to retry on,
/// the rest are Envoy's conditions (HTTP ones and gRPC status names alike, Envoy reads both from one list).
/// </summary>
public static class EnvoyRetryPolicyTranslator
{
    public const int DefaultAttempts = 2;
    public const string PreviousHostsPredicate = "envoy.retry_host_predicates.previous_hosts";
    public const string PreviousPriorities = "envoy.retry_priorities.previous_priorities";
    public const string RetriableStatusCodes = "retriable-status-codes";

    /// <summary>The policy, or null when retries are off.</summary>
    public static RetryPolicy? Translate(HttpRetry? retry)
    {
        if (retry is null)
        {
            return Default();
        }

        if (retry.Attempts is not > 0)
        {
            return null;
        }

        var policy = Default();
        policy.NumRetries = (uint)retry.Attempts.Value;
        if (retry.RetryOn is { Length: > 0 } retryOn)
        {
            var (conditions, codes) = Parse(retryOn);
            policy.RetryOn = conditions;
            policy.RetriableStatusCodes.Clear();
            policy.RetriableStatusCodes.AddRange(codes);
        }

        if (IstioDuration.ToProto(retry.PerTryTimeout) is { } perTry && perTry.ToTimeSpan() > TimeSpan.Zero)
        {
            policy.PerTryTimeout = perTry;
        }

        if (retry.RetryRemoteLocalities == true)
        {
            // Each retry moves to the next priority (locality) once the previous ones were tried.
            policy.RetryPriority = new RetryPolicy.Types.RetryPriority
            {
                Name = PreviousPriorities,
                TypedConfig = Any.Pack(new PreviousPrioritiesConfig { UpdateFrequency = 2 }),
            };
        }

        return policy;
    }

    /// <summary>Istio's policy when a route says nothing about retries.</summary>
    public static RetryPolicy Default() => new()
    {
        RetryOn = RetryPolicyTranslator.IstioDefaultRetryOn,
        NumRetries = DefaultAttempts,
        RetriableStatusCodes = { 503 },
        // A retry goes to another endpoint when there is one.
        RetryHostPredicate = { new RetryPolicy.Types.RetryHostPredicate { Name = PreviousHostsPredicate, TypedConfig = Any.Pack(new PreviousHostsPredicate()) } },
        HostSelectionRetryMaxAttempts = 5,
    };

    /// <summary>Conditions and status codes of a retryOn list; codes imply retriable-status-codes.</summary>
    public static (string Conditions, IReadOnlyList<uint> Codes) Parse(string retryOn)
    {
        var conditions = new List<string>();
        var codes = new List<uint>();
        foreach (var part in retryOn.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (uint.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var code))
            {
                if (!codes.Contains(code))
                {
                    codes.Add(code);
                }
            }
            else if (!conditions.Contains(part, StringComparer.Ordinal))
            {
                conditions.Add(part);
            }
        }

        if (codes.Count > 0 && !conditions.Contains(RetriableStatusCodes, StringComparer.Ordinal))
        {
            conditions.Add(RetriableStatusCodes);
        }

        return (string.Join(",", conditions), codes);
    }
}
