using Istiod.Net.Xds.Protocol;

namespace Istiod.Net.Load.Clients;

/// <summary>
/// What one client wants and has, per type, and how the wanted names follow from what it has: listeners are
/// given; route configurations are those the wanted listeners name; clusters those the routes name;
/// endpoint assignments those the EDS clusters name. Protocol-neutral: state of the world and delta clients
/// feed it what they receive and send what it says changed. Not thread-safe; one per client.
/// </summary>
public sealed class ClientSubscriptions
{
    /// <summary>The four types a proxyless gRPC client subscribes to, each derived from the one before.</summary>
    public static IReadOnlyList<string> FollowOrder { get; } =
        [XdsTypeUrls.Listener, XdsTypeUrls.Route, XdsTypeUrls.Cluster, XdsTypeUrls.Endpoint];

    private readonly Dictionary<string, HashSet<string>> _wanted = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, ResourceRefs>> _received = new(StringComparer.Ordinal);

    public ClientSubscriptions(IEnumerable<string> listeners)
    {
        foreach (var type in FollowOrder)
        {
            _wanted[type] = new HashSet<string>(StringComparer.Ordinal);
            _received[type] = new Dictionary<string, ResourceRefs>(StringComparer.Ordinal);
        }

        _wanted[XdsTypeUrls.Listener].UnionWith(listeners);
        if (_wanted[XdsTypeUrls.Listener].Count == 0)
        {
            throw new ArgumentException("A client needs at least one listener name.", nameof(listeners));
        }
    }

    public IReadOnlyCollection<string> Wanted(string typeUrl) => _wanted[typeUrl];

    /// <summary>
    /// Whether everything wanted has arrived, for every type. Callers check after acknowledging, so a synced
    /// client has ACKed all it holds.
    /// </summary>
    public bool IsSynced => FollowOrder.All(type => _wanted[type].All(_received[type].ContainsKey));

    /// <summary>
    /// A state-of-the-world response of <paramref name="typeUrl"/>. Listener and cluster responses list every
    /// resource the client asked for, so what they leave out is gone; route and endpoint responses may carry
    /// only some, so they add to what the client has.
    /// </summary>
    public void ApplySotw(string typeUrl, IReadOnlyList<ResourceRefs> resources)
    {
        var received = _received[typeUrl];
        if (XdsTypeUrls.IsWildcardByDefault(typeUrl))
        {
            received.Clear();
        }

        foreach (var resource in resources)
        {
            received[resource.Name] = resource;
        }
    }

    /// <summary>A delta response: resources added or replaced, and names removed.</summary>
    public void ApplyDelta(string typeUrl, IReadOnlyList<ResourceRefs> resources, IEnumerable<string> removed)
    {
        var received = _received[typeUrl];
        foreach (var name in removed)
        {
            received.Remove(name);
        }

        foreach (var resource in resources)
        {
            received[resource.Name] = resource;
        }
    }

    /// <summary>
    /// Recomputes the wanted names of every derived type from what has arrived; returns the types whose names
    /// changed, in follow order. Resources no longer wanted are forgotten, as a client drops them on unsubscribe.
    /// </summary>
    public IReadOnlyList<SubscriptionChange> Follow()
    {
        List<SubscriptionChange>? changes = null;
        for (var i = 1; i < FollowOrder.Count; i++)
        {
            var parentType = FollowOrder[i - 1];
            var type = FollowOrder[i];
            var parentWanted = _wanted[parentType];
            var next = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (name, refs) in _received[parentType])
            {
                if (parentWanted.Contains(name))
                {
                    next.UnionWith(refs.References);
                }
            }

            var wanted = _wanted[type];
            if (next.SetEquals(wanted))
            {
                continue;
            }

            var added = next.Where(n => !wanted.Contains(n)).Order(StringComparer.Ordinal).ToArray();
            var removed = wanted.Where(n => !next.Contains(n)).Order(StringComparer.Ordinal).ToArray();
            _wanted[type] = next;
            foreach (var name in removed)
            {
                _received[type].Remove(name);
            }

            (changes ??= []).Add(new SubscriptionChange(type, added, removed));
        }

        return changes ?? (IReadOnlyList<SubscriptionChange>)[];
    }
}
