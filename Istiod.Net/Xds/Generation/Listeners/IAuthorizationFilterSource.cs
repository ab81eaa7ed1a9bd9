using Envoy.Config.Listener.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Istiod.Net.Push;

namespace Istiod.Net.Xds.Generation.Listeners;

/// <summary>
/// The seam the security-policy work (AuthorizationPolicy, RequestAuthentication) fills: filters that run
/// before everything else on a sidecar's inbound chains and on gateway chains. HTTP chains put the HTTP
/// filters first (before fault, cors and router); TCP chains put the network filters before tcp_proxy.
/// Implementations record what they read; every kind they record must be in <see cref="Reads"/>.
/// </summary>
public interface IAuthorizationFilterSource
{
    /// <summary>The dependency kinds the filters may read; listener generators declare them as their own.</summary>
    IReadOnlySet<DependencyKind> Reads { get; }

    IReadOnlyList<HttpFilter> HttpFilters(GenerationContext context, AuthorizationTarget target, DependencyRecorder read);

    IReadOnlyList<Filter> NetworkFilters(GenerationContext context, AuthorizationTarget target, DependencyRecorder read);
}
