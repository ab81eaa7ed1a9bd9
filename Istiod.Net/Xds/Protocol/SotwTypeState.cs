namespace Istiod.Net.Xds.Protocol;

/// <summary>
/// Subscription and delivery state of one type URL on one state-of-the-world stream. Owned by the stream
/// loop; never shared.
/// </summary>
internal sealed class SotwTypeState
{
    public const string WildcardName = "*";

    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    /// <summary>Everything of this type, explicitly ("*") or by the legacy empty first request of LDS/CDS.</summary>
    public bool Wildcard { get; private set; }

    /// <summary>Explicitly requested names (besides "*").</summary>
    public IReadOnlySet<string> Names => _names;

    /// <summary>
    /// Once a client has named resources, an empty list no longer means "everything" but "nothing"
    /// (grpc-js sends that on shutdown).
    /// </summary>
    public bool HasNamedResources { get; private set; }

    public bool Subscribed => Wildcard || _names.Count > 0;

    public string? SentVersion { get; private set; }

    public string? SentNonce { get; private set; }

    public string? AckedVersion { get; set; }

    public XdsNackStatus? Nack { get; set; }

    /// <summary>Name to per-resource version of the last response; null before the first one.</summary>
    public IReadOnlyDictionary<string, string>? Sent { get; private set; }

    public IReadOnlyList<XdsResource> SentResources { get; private set; } = [];

    /// <summary>Applies the resource_names of a request; returns whether the subscription changed.</summary>
    public bool ApplyNames(IReadOnlyCollection<string> requested, string typeUrl)
    {
        bool wildcard;
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (requested.Count == 0)
        {
            wildcard = !HasNamedResources && XdsTypeUrls.IsWildcardByDefault(typeUrl);
        }
        else
        {
            HasNamedResources = true;
            wildcard = false;
            foreach (var name in requested)
            {
                if (name == WildcardName)
                {
                    wildcard = true;
                }
                else
                {
                    names.Add(name);
                }
            }
        }

        var changed = wildcard != Wildcard || !names.SetEquals(_names);
        Wildcard = wildcard;
        _names.Clear();
        _names.UnionWith(names);
        return changed;
    }

    /// <summary>Whether <paramref name="resources"/> are exactly what the last response carried.</summary>
    public bool SameAsSent(IReadOnlyList<XdsResource> resources)
    {
        if (Sent is null || Sent.Count != resources.Count)
        {
            return false;
        }

        foreach (var resource in resources)
        {
            if (!Sent.TryGetValue(resource.Name, out var version) || version != resource.Version)
            {
                return false;
            }
        }

        return true;
    }

    public void RecordSent(string version, string nonce, IReadOnlyList<XdsResource> resources)
    {
        SentVersion = version;
        SentNonce = nonce;
        SentResources = resources;
        Sent = resources.ToDictionary(resource => resource.Name, resource => resource.Version, StringComparer.Ordinal);
    }

    /// <summary>
    /// After an unsubscribe the client drops what it held. The nonce stays: later requests are still
    /// matched against it.
    /// </summary>
    public void ForgetResources()
    {
        SentResources = [];
        Sent = new Dictionary<string, string>(StringComparer.Ordinal);
    }

    /// <summary>Whether the client wants <paramref name="name"/>.</summary>
    public bool Wants(string name) => Wildcard || _names.Contains(name);

    public XdsTypeStatus ToStatus() => new(
        XdsSubscriptionView.Describe(Wildcard, _names),
        SentVersion,
        SentNonce,
        AckedVersion,
        SentResources.Count,
        Nack);
}
