using Envoy.Config.Listener.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;

namespace Istiod.Net.Security.Authorization;

/// <summary>
/// The authorization filters of one workload, in the order they must run (CUSTOM, AUDIT, DENY, ALLOW):
/// <see cref="Http"/> go into every HTTP connection manager ahead of the router, <see cref="Network"/>
/// into TCP filter chains ahead of tcp_proxy. Both empty when no policy applies.
/// </summary>
public sealed record AuthorizationFilters(IReadOnlyList<HttpFilter> Http, IReadOnlyList<Filter> Network)
{
    public static readonly AuthorizationFilters None = new([], []);

    /// <summary>Policy problems met while building (rules skipped, providers missing), for logs and debug output.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
