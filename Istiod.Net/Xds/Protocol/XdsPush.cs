namespace Istiod.Net.Xds.Protocol;

/// <summary>
/// A request to bring connected proxies up to date with a new state.
/// <paramref name="Types"/> null means every type may have changed.
/// <paramref name="Affects"/> null means every proxy may be affected.
/// </summary>
public sealed record XdsPush(
    string Version,
    string Reason,
    IReadOnlySet<string>? Types = null,
    Func<IXdsProxy, bool>? Affects = null)
{
    /// <summary>
    /// Narrows <see cref="Types"/> for one proxy (to the types whose last generation read the change), or
    /// null to keep them: an endpoint change then re-sends EDS alone to a proxy whose listeners and clusters
    /// did not read those endpoints.
    /// </summary>
    public Func<IXdsProxy, IReadOnlySet<string>?>? TypesFor { get; init; }

    /// <summary>When the change behind this push was first seen (pilot_proxy_convergence_time counts from here).</summary>
    public DateTimeOffset? TriggeredAt { get; init; }

    /// <summary>When the push was queued for one stream (pilot_proxy_queue_time counts from here).</summary>
    public DateTimeOffset? EnqueuedAt { get; init; }

    public bool MayChange(string typeUrl) => Types is null || Types.Contains(typeUrl);
}
