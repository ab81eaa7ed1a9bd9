using Envoy.Config.Route.V3;
using Istiod.Net.Config.Model;
using ResponseCode = Envoy.Config.Route.V3.RedirectAction.Types.RedirectResponseCode;

namespace Istiod.Net.Xds.Generation.Routes;

/// <summary>An Istio redirect as Envoy's redirect action.</summary>
public static class RedirectTranslator
{
    /// <param name="redirect">The rule's redirect.</param>
    /// <param name="listenerPort">
    /// The port the route configuration serves: Envoy cannot copy the request's port into a redirect, but
    /// every route configuration here serves one port, so derivePort FROM_REQUEST_PORT is that port.
    /// </param>
    public static RedirectAction Translate(HttpRedirect redirect, uint listenerPort)
    {
        var action = new RedirectAction
        {
            ResponseCode = redirect.RedirectCode switch
            {
                302 => ResponseCode.Found,
                303 => ResponseCode.SeeOther,
                307 => ResponseCode.TemporaryRedirect,
                308 => ResponseCode.PermanentRedirect,
                _ => ResponseCode.MovedPermanently,
            },
        };
        if (redirect.Uri is { Length: > 0 } uri)
        {
            action.PathRedirect = uri;
        }

        if (redirect.Authority is { Length: > 0 } authority)
        {
            action.HostRedirect = authority;
        }

        if (redirect.Scheme is { Length: > 0 } scheme)
        {
            action.SchemeRedirect = scheme;
        }

        if (redirect.Port is > 0 and var port)
        {
            action.PortRedirect = port;
        }
        else if (string.Equals(redirect.DerivePort, "FROM_REQUEST_PORT", StringComparison.OrdinalIgnoreCase))
        {
            action.PortRedirect = listenerPort;
        }

        // FROM_PROTOCOL_DEFAULT leaves the port out: the client uses the scheme's default port.
        return action;
    }
}
