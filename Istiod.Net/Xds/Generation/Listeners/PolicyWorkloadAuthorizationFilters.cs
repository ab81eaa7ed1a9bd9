using Envoy.Config.Listener.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Istiod.Net.Push;
using Istiod.Net.Security.Authorization;
using Istiod.Net.Security.RequestAuthn;

namespace Istiod.Net.Xds.Generation.Listeners;

/// <summary>
/// The policy filters of one workload for one listener generation: the policies are selected and translated on
/// the first chain that asks, and every chain gets its own copy (a message belongs to one parent). The reads are
/// recorded when first needed, as a build per chain recorded them, so the generation's dependencies stay the same.
/// </summary>
internal sealed class PolicyWorkloadAuthorizationFilters(GenerationContext context, DependencyRecorder read, IJwksSource? jwks)
    : IWorkloadAuthorizationFilters
{
    private (AuthzWorkload Workload, AuthzOptions Options)? _inputs;
    private AuthorizationFilters? _authorization;
    private IReadOnlyList<HttpFilter>? _http;

    public IReadOnlyList<HttpFilter> HttpFilters(AuthorizationTarget target) =>
        (_http ??= BuildHttp()).Select(f => f.Clone()).ToList();

    public IReadOnlyList<Filter> NetworkFilters(AuthorizationTarget target) =>
        Authorization().Network.Select(f => f.Clone()).ToList();

    private List<HttpFilter> BuildHttp()
    {
        var (workload, options) = Inputs();
        var filters = new List<HttpFilter>();
        read.Add(Dependency.Config(PolicyAuthorizationFilters.RequestAuthenticationKind));
        if (JwtFilterBuilder.Build(context.Push.Config, workload, options, jwks) is { } jwt)
        {
            filters.Add(jwt);
        }

        filters.AddRange(Authorization().Http);
        return filters;
    }

    private AuthorizationFilters Authorization()
    {
        var (workload, options) = Inputs();
        return _authorization ??= AuthorizationFilterBuilder.Build(context.Push.Config, workload, options);
    }

    private (AuthzWorkload Workload, AuthzOptions Options) Inputs() =>
        _inputs ??= PolicyAuthorizationFilters.Inputs(context, read);
}
