namespace Istiod.Net.Tests.Infrastructure;

/// <summary>What a route table does with a request.</summary>
public enum RouteDecisionKind
{
    /// <summary>No virtual host claims the authority: Envoy answers 404.</summary>
    NoVirtualHost,

    /// <summary>A virtual host, but none of its routes match: 404.</summary>
    NoRoute,

    /// <summary>Forwarded to one of the route's clusters.</summary>
    Forward,

    /// <summary>Answered with a redirect (a route's, or the virtual host's TLS requirement).</summary>
    Redirect,

    /// <summary>Answered directly with a fixed status and body.</summary>
    DirectResponse,
}
