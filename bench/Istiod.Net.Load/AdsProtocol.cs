namespace Istiod.Net.Load;

/// <summary>Which ADS method the simulated clients use.</summary>
public enum AdsProtocol
{
    /// <summary>StreamAggregatedResources: every response of a type carries all its resources.</summary>
    Sotw,

    /// <summary>DeltaAggregatedResources: responses carry only what changed.</summary>
    Delta,

    /// <summary>Half and half, alternating by client index.</summary>
    Mixed,
}
