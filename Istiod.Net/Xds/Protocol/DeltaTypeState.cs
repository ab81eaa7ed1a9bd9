namespace Istiod.Net.Xds.Protocol;

/// <summary>
/// Subscription and delivery state of one type URL on one delta stream: what the client asked for and
/// which version of each resource it holds. Owned by the stream loop; never shared.
/// </summary>
internal sealed class DeltaTypeState
{
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _held = new(StringComparer.Ordinal);
    private readonly HashSet<string> _toldAbsent = new(StringComparer.Ordinal);

    public bool Wildcard { get; private set; }

    public IReadOnlySet<string> Names => _names;

    public bool Subscribed => Wildcard || _names.Count > 0;

    public string? SentVersion { get; private set; }

    public string? SentNonce { get; private set; }

    public string? AckedVersion { get; set; }

    public XdsNackStatus? Nack { get; set; }

    /// <summary>The resources the client should now hold, as of the last response.</summary>
    public IReadOnlyList<XdsResource> Current { get; private set; } = [];

    /// <summary>Resources the client said it already has (reconnect): not sent again at the same version.</summary>
    public void SetInitialVersions(IEnumerable<KeyValuePair<string, string>> versions)
    {
        foreach (var (name, version) in versions)
        {
            _held[name] = version;
        }
    }

    public void StartWildcard() => Wildcard = true;

    /// <summary>Adds names; returns whether the client now wants something it did not before.</summary>
    public bool Subscribe(IEnumerable<string> names)
    {
        var added = false;
        foreach (var name in names)
        {
            if (name == SotwTypeState.WildcardName)
            {
                added |= !Wildcard;
                Wildcard = true;
            }
            else
            {
                added |= _names.Add(name);
            }
        }

        return added;
    }

    /// <summary>Removes names. The client drops those resources itself, so they are forgotten here too.</summary>
    public void Unsubscribe(IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            if (name == SotwTypeState.WildcardName)
            {
                Wildcard = false;
                foreach (var held in _held.Keys.Where(held => !_names.Contains(held)).ToArray())
                {
                    _held.Remove(held);
                }
            }
            else
            {
                _names.Remove(name);
                _toldAbsent.Remove(name);
                if (!Wildcard)
                {
                    _held.Remove(name);
                }
            }
        }
    }

    public bool Wants(string name) => Wildcard || _names.Contains(name);

    /// <summary>
    /// Compares what the client holds with <paramref name="current"/>: the resources to send (new or at a
    /// different version) and the names to remove (gone, or asked for but never existing and not yet said so).
    /// </summary>
    public (IReadOnlyList<XdsResource> Changed, IReadOnlyList<string> Removed) Diff(IReadOnlyList<XdsResource> current)
    {
        var currentNames = new HashSet<string>(current.Select(resource => resource.Name), StringComparer.Ordinal);
        var changed = current
            .Where(resource => !_held.TryGetValue(resource.Name, out var version) || version != resource.Version)
            .ToArray();
        var removed = _held.Keys.Where(name => !currentNames.Contains(name)).ToList();
        removed.AddRange(_names.Where(name =>
            !currentNames.Contains(name) && !_held.ContainsKey(name) && !_toldAbsent.Contains(name)));
        removed.Sort(StringComparer.Ordinal);
        return (changed, removed);
    }

    public void RecordSent(
        string version,
        string nonce,
        IReadOnlyList<XdsResource> current,
        IReadOnlyList<XdsResource> changed,
        IReadOnlyList<string> removed)
    {
        SentVersion = version;
        SentNonce = nonce;
        Current = current;
        foreach (var resource in changed)
        {
            _held[resource.Name] = resource.Version;
            _toldAbsent.Remove(resource.Name);
        }

        foreach (var name in removed)
        {
            _held.Remove(name);
            if (_names.Contains(name))
            {
                _toldAbsent.Add(name);
            }
        }
    }

    public XdsTypeStatus ToStatus() => new(
        XdsSubscriptionView.Describe(Wildcard, _names),
        SentVersion,
        SentNonce,
        AckedVersion,
        Current.Count,
        Nack);
}
