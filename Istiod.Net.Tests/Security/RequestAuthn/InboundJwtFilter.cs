using Envoy.Config.Listener.V3;
using Envoy.Extensions.Filters.Http.JwtAuthn.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Istiod.Net.Security.Authorization;
using Istiod.Net.Security.Authorization.Simulation;
using Istiod.Net.Xds.Generation.Listeners;

namespace Istiod.Net.Tests.Security.RequestAuthn;

/// <summary>The jwt_authn filter config of a sidecar's inbound HTTP chains, as Envoy would load it from LDS.</summary>
public static class InboundJwtFilter
{
    /// <summary>The filters of every HTTP chain of <c>virtualInbound</c> that carries jwt_authn (they are all built alike).</summary>
    public static IReadOnlyList<List<HttpFilter>> Chains(IEnumerable<Listener> listeners)
    {
        var inbound = listeners.Single(l => l.Name == SidecarInboundListener.VirtualInbound);
        return inbound.FilterChains
            .SelectMany(c => c.Filters)
            .Where(f => f.Name == EnvoyFilterNames.HttpConnectionManager)
            .Select(f => f.TypedConfig.Unpack<HttpConnectionManager>().HttpFilters.ToList())
            .Where(filters => filters.Any(f => f.Name == AuthzFilterNames.JwtAuthn))
            .ToList();
    }

    /// <summary>The one provider's inline key set, asserting every HTTP chain carries the same one.</summary>
    public static string LocalJwks(IEnumerable<Listener> listeners)
    {
        var chains = Chains(listeners);
        Assert.That(chains, Is.Not.Empty, "virtualInbound has HTTP chains with jwt_authn");
        var keySets = chains
            .Select(filters => filters.Single(f => f.Name == AuthzFilterNames.JwtAuthn).TypedConfig.Unpack<JwtAuthentication>())
            .Select(config => config.Providers.Values.Single().LocalJwks.InlineString)
            .Distinct()
            .ToList();
        Assert.That(keySets, Has.Count.EqualTo(1), "every inbound HTTP chain carries the same key set");
        return keySets[0];
    }

    /// <summary>What the first inbound HTTP chain's filters decide for a request with this bearer token (or none).</summary>
    public static AuthzDecision Run(IEnumerable<Listener> listeners, string? token) =>
        FilterChainSimulator.RunHttp(Chains(listeners)[0], new AuthzRequest
        {
            Headers = token is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["Authorization"] = "Bearer " + token },
        });
}
