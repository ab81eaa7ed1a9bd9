using Envoy.Config.Listener.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Istiod.Net.Push;

namespace Istiod.Net.Xds.Generation.Listeners;

/// <summary>What listeners get until authorization policies are translated: no filters, nothing read.</summary>
public sealed class NoAuthorizationFilters : IAuthorizationFilterSource
{
    public static readonly NoAuthorizationFilters Instance = new();

    public IReadOnlySet<DependencyKind> Reads { get; } = new HashSet<DependencyKind>();

    public IReadOnlyList<HttpFilter> HttpFilters(GenerationContext context, AuthorizationTarget target, DependencyRecorder read) => [];

    public IReadOnlyList<Filter> NetworkFilters(GenerationContext context, AuthorizationTarget target, DependencyRecorder read) => [];
}
