namespace Istiod.Net.Xds.Protocol;

public enum XdsStreamAuthenticationOutcome
{
    /// <summary>No credential was presented (or the port does not authenticate): served without an identity.</summary>
    Anonymous,

    /// <summary>A credential proved an identity.</summary>
    Authenticated,

    /// <summary>A credential was presented and refused: served without an identity, and counted.</summary>
    Rejected,

    /// <summary>The credential could not be checked now (token reviewer unreachable): the stream ends with UNAVAILABLE so the client retries.</summary>
    Unavailable,

    /// <summary>
    /// The credential is valid but the node describes another workload (namespace or service account): the
    /// stream ends with PERMISSION_DENIED, as istiod's connection identity check does.
    /// </summary>
    Denied,
}
