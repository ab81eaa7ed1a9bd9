namespace Istiod.Net.Xds.Generation;

/// <summary>Reads <c>INTERCEPTION_MODE</c> as Istio does: exact upper-case names, REDIRECT for anything else.</summary>
public static class InterceptionModes
{
    public static InterceptionMode Parse(string? value) => value switch
    {
        "TPROXY" => InterceptionMode.Tproxy,
        "NONE" => InterceptionMode.None,
        _ => InterceptionMode.Redirect,
    };
}
