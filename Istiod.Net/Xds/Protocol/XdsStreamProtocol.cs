namespace Istiod.Net.Xds.Protocol;

/// <summary>The two ADS variants a client may speak on one stream.</summary>
public enum XdsStreamProtocol
{
    /// <summary>State of the world: every response holds all resources of its type.</summary>
    Sotw,

    /// <summary>Incremental: responses hold only changed resources and the names removed.</summary>
    Delta,
}
