using Envoy.Type.V3;
using IstioPercent = Istiod.Net.Config.Model.Percent;

namespace Istiod.Net.Xds.Generation.Routes;

/// <summary>Istio percentages (a double 0..100, or the old integer percent) as Envoy fractions.</summary>
public static class FractionalPercents
{
    public static FractionalPercent From(IstioPercent? percentage, int? legacyPercent)
    {
        if (percentage?.Value is { } value)
        {
            // Per million keeps four decimals of the percentage (99.9999%).
            var clamped = Math.Clamp(value, 0, 100);
            return new FractionalPercent { Numerator = (uint)Math.Round(clamped * 10_000), Denominator = FractionalPercent.Types.DenominatorType.Million };
        }

        var percent = legacyPercent is { } legacy ? (uint)Math.Clamp(legacy, 0, 100) : 100u;
        return new FractionalPercent { Numerator = percent, Denominator = FractionalPercent.Types.DenominatorType.Hundred };
    }
}
