using Envoy.Config.Listener.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;

namespace Istiod.Net.Xds.Generation.Listeners;

/// <summary>
/// The authorization filters of one workload within one listener generation, per chain target. Each call
/// returns filters the caller owns (they go into one chain), and records its reads on the generation's recorder.
/// </summary>
public interface IWorkloadAuthorizationFilters
{
    IReadOnlyList<HttpFilter> HttpFilters(AuthorizationTarget target);

    IReadOnlyList<Filter> NetworkFilters(AuthorizationTarget target);
}
