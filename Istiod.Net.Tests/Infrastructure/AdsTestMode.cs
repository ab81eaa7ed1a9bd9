namespace Istiod.Net.Tests.Infrastructure;

/// <summary>Which ADS stream an <see cref="AdsTestClient"/> opens.</summary>
public enum AdsTestMode
{
    /// <summary>StreamAggregatedResources: every request names all it wants, every response holds the full set.</summary>
    Sotw,

    /// <summary>DeltaAggregatedResources: subscribe/unsubscribe lists, responses add and remove single resources.</summary>
    Delta,
}
