using Istiod.Net.Config.Model;
using EnvoyOutlierDetection = Envoy.Config.Cluster.V3.OutlierDetection;

namespace Istiod.Net.Xds.Generation.Clusters;

/// <summary>
/// A DestinationRule outlier detection for gRPC clients (gRFC A50). gRPC implements only the success-rate
/// and failure-percentage algorithms, not Envoy's consecutive-error counters, so "eject after N consecutive
/// errors" becomes failure-percentage ejection: an endpoint that served at least N RPCs in an interval and
/// failed more than <see cref="FailureThreshold"/> percent of them is ejected. Success-rate ejection, which
/// gRPC turns on whenever outlier_detection is present, is switched off as Istio does for Envoy.
/// </summary>
public static class GrpcOutlierDetectionTranslator
{
    /// <summary>Istio's default of consecutive5xxErrors.</summary>
    public const uint DefaultConsecutiveErrors = 5;

    /// <summary>The share of failed RPCs above which an endpoint counts as failing: gRPC's own default (A50).</summary>
    public const uint FailureThreshold = 85;

    /// <summary>
    /// Endpoints that must have the request volume before any is judged. Two, so a cluster of one endpoint
    /// never ejects its only endpoint (gRPC has no panic threshold to bring it back).
    /// </summary>
    public const uint MinimumHosts = 2;

    private static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan DefaultBaseEjectionTime = TimeSpan.FromSeconds(30);
    private const uint DefaultMaxEjectionPercent = 10;

    /// <summary>The cluster's outlier detection, or null when the rule disables every error counter.</summary>
    public static EnvoyOutlierDetection? Translate(OutlierDetection? settings)
    {
        if (settings is null || ConsecutiveErrors(settings) is not { } errors)
        {
            return null;
        }

        return new EnvoyOutlierDetection
        {
            Interval = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(IstioDuration.TryParse(settings.Interval, out var interval) ? interval : DefaultInterval),
            BaseEjectionTime = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(
                IstioDuration.TryParse(settings.BaseEjectionTime, out var ejection) ? ejection : DefaultBaseEjectionTime),
            MaxEjectionPercent = (uint)Math.Clamp(settings.MaxEjectionPercent ?? (int)DefaultMaxEjectionPercent, 0, 100),
            EnforcingSuccessRate = 0,
            EnforcingFailurePercentage = 100,
            FailurePercentageThreshold = FailureThreshold,
            FailurePercentageRequestVolume = errors,
            FailurePercentageMinimumHosts = MinimumHosts,
        };
    }

    /// <summary>
    /// The smallest error count that triggers ejection in Istio's terms (gateway errors are a kind of 5xx,
    /// so the lower bound fires first); null when both are off.
    /// </summary>
    private static uint? ConsecutiveErrors(OutlierDetection settings)
    {
        var fiveXx = settings.Consecutive5xxErrors
            ?? (settings.ConsecutiveErrors is > 0 and var legacy ? (uint)legacy : DefaultConsecutiveErrors);
        var gateway = settings.ConsecutiveGatewayErrors ?? 0;
        uint[] candidates = [.. new[] { fiveXx, gateway }.Where(n => n > 0)];
        return candidates.Length == 0 ? null : candidates.Min();
    }
}
