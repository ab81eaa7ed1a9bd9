using Envoy.Config.Cluster.V3;
using EnvoyOutlierDetection = Envoy.Config.Cluster.V3.OutlierDetection;
using EnvoyPercent = Envoy.Type.V3.Percent;
using IstioOutlierDetection = Istiod.Net.Config.Model.OutlierDetection;

namespace Istiod.Net.Xds.Generation.Clusters;

/// <summary>
/// A DestinationRule outlierDetection as Envoy's: each consecutive-error counter Istio sets is enforced at 100%
/// (0 turns it off), success-rate ejection stays off as in Istio, and minHealthPercent becomes the cluster's
/// panic threshold (0 when unset: with outlier detection on, Istio disables panic routing unless asked).
/// </summary>
public static class OutlierDetectionTranslator
{
    public static void Apply(Cluster cluster, IstioOutlierDetection? outlier)
    {
        if (outlier is null)
        {
            return;
        }

        var result = new EnvoyOutlierDetection { EnforcingSuccessRate = 0 };
        var fiveXx = outlier.Consecutive5xxErrors ?? (outlier.ConsecutiveErrors is >= 0 and var legacy ? (uint)legacy : null);
        if (fiveXx is { } consecutive)
        {
            result.Consecutive5Xx = consecutive;
            result.EnforcingConsecutive5Xx = consecutive > 0 ? 100u : 0u;
        }

        if (outlier.ConsecutiveGatewayErrors is { } gateway)
        {
            result.ConsecutiveGatewayFailure = gateway;
            result.EnforcingConsecutiveGatewayFailure = gateway > 0 ? 100u : 0u;
        }

        if (outlier.SplitExternalLocalOriginErrors == true)
        {
            result.SplitExternalLocalOriginErrors = true;
            if (outlier.ConsecutiveLocalOriginFailures is { } local)
            {
                result.ConsecutiveLocalOriginFailure = local;
                result.EnforcingConsecutiveLocalOriginFailure = local > 0 ? 100u : 0u;
            }
        }

        if (IstioDuration.ToProto(outlier.Interval) is { } interval)
        {
            result.Interval = interval;
        }

        if (IstioDuration.ToProto(outlier.BaseEjectionTime) is { } ejection)
        {
            result.BaseEjectionTime = ejection;
        }

        if (outlier.MaxEjectionPercent is >= 0 and <= 100 and var max)
        {
            result.MaxEjectionPercent = (uint)max;
        }

        cluster.OutlierDetection = result;
        cluster.CommonLbConfig ??= new Cluster.Types.CommonLbConfig();
        cluster.CommonLbConfig.HealthyPanicThreshold = new EnvoyPercent { Value = Math.Clamp(outlier.MinHealthPercent ?? 0, 0, 100) };
    }
}
