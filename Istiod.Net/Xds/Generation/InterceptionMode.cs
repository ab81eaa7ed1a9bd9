namespace Istiod.Net.Xds.Generation;

/// <summary>
/// How traffic reaches a sidecar, from node metadata <c>INTERCEPTION_MODE</c>: iptables REDIRECT (the
/// default, and what anything unrecognised means, as in Istio), TPROXY, or NONE: no capture at all, so
/// the proxy binds every listener itself and the application talks to it explicitly.
/// </summary>
public enum InterceptionMode
{
    Redirect,
    Tproxy,
    None,
}
