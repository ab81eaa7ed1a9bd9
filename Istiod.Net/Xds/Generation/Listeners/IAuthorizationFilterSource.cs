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

    /// <summary>
    /// The filters of the proxy's workload for one listener generation, asked for once per chain: what does
    /// not differ between chains (policy selection, translation) is worked out once per generation, not per chain.
    /// </summary>
    IWorkloadAuthorizationFilters For(GenerationContext context, DependencyRecorder read);
}
