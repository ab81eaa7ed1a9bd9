using Envoy.Config.Listener.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Istiod.Net.Push;

namespace Istiod.Net.Xds.Generation.Listeners;

/// <summary>What listeners get until authorization policies are translated: no filters, nothing read.</summary>
public sealed class NoAuthorizationFilters : IAuthorizationFilterSource, IWorkloadAuthorizationFilters
{
    public static readonly NoAuthorizationFilters Instance = new();

    public IReadOnlySet<DependencyKind> Reads { get; } = new HashSet<DependencyKind>();

    public IWorkloadAuthorizationFilters For(GenerationContext context, DependencyRecorder read) => this;

    public IReadOnlyList<HttpFilter> HttpFilters(AuthorizationTarget target) => [];

    public IReadOnlyList<Filter> NetworkFilters(AuthorizationTarget target) => [];
}
