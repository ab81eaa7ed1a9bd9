using System.Text;

namespace Istiod.Net.Xds.Generation;

/// <summary>
/// What generation may know about a proxy's own workload: kind, labels, service account, addresses and the
/// identity its xDS stream authenticated. Sidecar inbound listeners, Sidecar scoping and policy selection
/// read it; proxies with equal workloads share cached resources.
/// </summary>
/// <remarks>Equality is by <see cref="Key"/>: the label dictionary alone would compare by reference.</remarks>
public sealed record ProxyWorkload
{
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();
    private string? _key;

    public required ProxyKind Kind { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = NoLabels;
    public string? ServiceAccount { get; init; }

    /// <summary>The proxy's IP addresses as text, first one from the node id.</summary>
    public IReadOnlyList<string> Addresses { get; init; } = [];

    /// <summary>
    /// The SPIFFE id the xDS stream proved (client certificate or token), or null when the stream is not
    /// authenticated. Only this, never node metadata, may decide which certificate a proxy receives.
    /// </summary>
    public string? Identity { get; init; }

    /// <summary>
    /// Where the proxy runs, "region/zone/subzone" from the node's locality (any part may be empty): locality
    /// load balancing orders and weighs endpoints from here.
    /// </summary>
    public string Locality { get; init; } = "";

    /// <summary>
    /// How the proxy's traffic is captured: with NONE it binds each listener itself and has no
    /// virtualOutbound/virtualInbound, so proxies that differ here get different listeners.
    /// </summary>
    public InterceptionMode InterceptionMode { get; init; }

    /// <summary>A canonical text of every field, for cache keys and equality.</summary>
    public string Key => _key ??= BuildKey();

    public bool Equals(ProxyWorkload? other) => other is not null && Key == other.Key;

    public override int GetHashCode() => Key.GetHashCode(StringComparison.Ordinal);

    /// <summary>
    /// This workload with only <paramref name="facets"/> kept (the rest empty); null for <see cref="WorkloadFacets.None"/>.
    /// </summary>
    public ProxyWorkload? Project(WorkloadFacets facets)
    {
        if (facets == WorkloadFacets.All)
        {
            return this;
        }

        if (facets == WorkloadFacets.None)
        {
            return null;
        }

        return new ProxyWorkload
        {
            // Kind has no empty value; a projection without it keeps Sidecar so every kind shares one key.
            Kind = facets.HasFlag(WorkloadFacets.Kind) ? Kind : ProxyKind.Sidecar,
            Labels = facets.HasFlag(WorkloadFacets.Labels) ? Labels : NoLabels,
            ServiceAccount = facets.HasFlag(WorkloadFacets.ServiceAccount) ? ServiceAccount : null,
            Addresses = facets.HasFlag(WorkloadFacets.Addresses) ? Addresses : [],
            Identity = facets.HasFlag(WorkloadFacets.Identity) ? Identity : null,
            Locality = facets.HasFlag(WorkloadFacets.Locality) ? Locality : "",
            InterceptionMode = facets.HasFlag(WorkloadFacets.Interception) ? InterceptionMode : default,
        };
    }

    private string BuildKey()
    {
        var text = new StringBuilder();
        text.Append(Kind).Append('|');
        foreach (var (name, value) in Labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            text.Append(name).Append('=').Append(value).Append(',');
        }

        text.Append('|').Append(ServiceAccount).Append('|').AppendJoin(',', Addresses).Append('|').Append(Identity).Append('|').Append(Locality).Append('|').Append(InterceptionMode);
        return text.ToString();
    }
}
