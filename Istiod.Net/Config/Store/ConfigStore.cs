using Istiod.Net.Config.Model;
using Istiod.Net.Config.Parsing;
using Istiod.Net.Config.Validation;
using Istiod.Net.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Istiod.Net.Config.Store;

/// <summary>
/// The config in force, built from what each source last reported. Rules:
/// <list type="bullet">
/// <item>A source reports everything it holds at once (<see cref="ApplySource"/>); what it no longer
/// reports is removed.</item>
/// <item>Last good wins: a document that is now invalid but whose key is known keeps the previous valid
/// version of that object; an origin (file) that cannot be read at all keeps all its previous objects.</item>
/// <item>Within one source a key may be defined once; a second definition is rejected.</item>
/// <item>When two sources define the same key, the most recent writer wins (the one whose content for
/// that key changed last) and a warning names both. When the winner drops the key, the other's
/// version comes back into force.</item>
/// <item>A change event, carrying exactly the keys whose content changed, is raised only when something
/// changed; each one increases the snapshot version by one.</item>
/// </list>
/// Thread-safe. <see cref="Changed"/> handlers run synchronously, in order, on the applying thread;
/// they must be quick and must not call back into <see cref="ApplySource"/>.
/// </summary>
public sealed class ConfigStore : IConfigStore
{
    private readonly Lock _gate = new();
    private readonly IstiodMetrics? _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, SourceState> _sources = new(StringComparer.Ordinal);
    private ConfigSnapshot _current = ConfigSnapshot.Empty;
    private IReadOnlyList<ConfigRejection> _rejections = [];
    private IReadOnlyList<ConfigRejection> _warnings = [];
    private long _stamp;
    private HashSet<string> _conflicts = new(StringComparer.Ordinal);

    public ConfigStore(IstiodMetrics? metrics = null, ILogger<ConfigStore>? logger = null, TimeProvider? time = null)
    {
        _metrics = metrics;
        _logger = logger ?? NullLogger<ConfigStore>.Instance;
        _time = time ?? TimeProvider.System;
    }

    public ConfigSnapshot Current => Volatile.Read(ref _current);

    public IReadOnlyList<ConfigRejection> Rejections => Volatile.Read(ref _rejections);

    public IReadOnlyList<ConfigRejection> Warnings => Volatile.Read(ref _warnings);

    /// <summary>The ids of the sources that have reported so far.</summary>
    public IReadOnlyCollection<string> Sources
    {
        get
        {
            lock (_gate)
            {
                return _sources.Keys.ToArray();
            }
        }
    }

    public event Action<ConfigChange>? Changed;

    /// <summary>
    /// Replaces everything <paramref name="sourceId"/> holds with <paramref name="documents"/> (all of
    /// the source's documents, from all its files). Returns the change it caused, or null when the
    /// config in force is unchanged.
    /// </summary>
    public ConfigChange? ApplySource(string sourceId, IReadOnlyList<ParseResult> documents)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceId);
        ArgumentNullException.ThrowIfNull(documents);
        lock (_gate)
        {
            var previous = _sources.GetValueOrDefault(sourceId) ?? SourceState.Empty;
            _sources[sourceId] = BuildSourceState(previous, documents, _time.GetUtcNow());
            return Publish(sourceId);
        }
    }

    /// <summary>Drops everything a source contributed (the source stopped). Returns the change, or null.</summary>
    public ConfigChange? RemoveSource(string sourceId)
    {
        lock (_gate)
        {
            return _sources.Remove(sourceId) ? Publish(sourceId) : null;
        }
    }

    private SourceState BuildSourceState(SourceState previous, IReadOnlyList<ParseResult> documents, DateTimeOffset now)
    {
        var rejections = new List<ConfigRejection>();
        var warnings = new List<ConfigRejection>();
        var byOrigin = new Dictionary<string, Dictionary<ConfigKey, ConfigObject>>(StringComparer.Ordinal);
        var claimedBy = new Dictionary<ConfigKey, string>();

        // Deterministic regardless of the order files were read in.
        var ordered = documents
            .OrderBy(d => d.Source, StringComparer.Ordinal)
            .ThenBy(d => d.DocumentIndex)
            .ThenBy(d => d.ItemIndex ?? -1)
            .ToArray();
        var unreadable = ordered.Where(d => d.Outcome == ParseOutcome.Unreadable).Select(d => d.Source).ToHashSet(StringComparer.Ordinal);

        // 1. Valid documents first: new content takes a key before any fallback to old content does.
        foreach (var doc in ordered.Where(d => d.Outcome == ParseOutcome.Accepted && !unreadable.Contains(d.Source)))
        {
            var config = doc.Config!;
            if (claimedBy.TryGetValue(config.Key, out var first))
            {
                rejections.Add(doc.ToRejection(now) with
                {
                    Errors = [new ValidationMessage("metadata.name", $"{config.Key} is already defined at {first}; this definition is ignored")],
                });
                continue;
            }

            claimedBy[config.Key] = doc.Location;
            OriginMap(byOrigin, doc.Source)[config.Key] = config;
            if (doc.Warnings.Count > 0)
            {
                warnings.Add(doc.ToRejection(now) with { Errors = doc.Warnings });
            }
        }

        // 2. Unreadable origins keep everything they held, unless a readable document took the key over.
        foreach (var doc in ordered.Where(d => d.Outcome == ParseOutcome.Unreadable))
        {
            rejections.Add(doc.ToRejection(now));
            var map = OriginMap(byOrigin, doc.Source);
            foreach (var (key, config) in previous.ByOrigin.GetValueOrDefault(doc.Source) ?? new Dictionary<ConfigKey, ConfigObject>())
            {
                if (claimedBy.TryAdd(key, $"{doc.Source} (last good)"))
                {
                    map[key] = config;
                }
            }
        }

        // 3. Invalid documents with a known key keep that key's last good version, if nothing else claimed it.
        foreach (var doc in ordered.Where(d => !unreadable.Contains(d.Source)))
        {
            switch (doc.Outcome)
            {
                case ParseOutcome.Invalid:
                    rejections.Add(doc.ToRejection(now));
                    if (doc.ClaimedKey is { } key
                        && previous.Entries.TryGetValue(key, out var lastGood)
                        && claimedBy.TryAdd(key, $"{doc.Location} (last good)"))
                    {
                        OriginMap(byOrigin, doc.Source)[key] = lastGood.Config;
                    }

                    break;
                case ParseOutcome.Skipped:
                    warnings.Add(doc.ToRejection(now));
                    break;
            }
        }

        var entries = new Dictionary<ConfigKey, SourceEntry>();
        foreach (var (origin, map) in byOrigin)
        {
            foreach (var (key, config) in map)
            {
                // Unchanged content keeps its stamp (and its instance) so a rewrite of the same file
                // neither wins a conflict nor looks like a change.
                entries[key] = previous.Entries.TryGetValue(key, out var old) && old.Config.Equals(config)
                    ? old with { Origin = origin }
                    : new SourceEntry(config, ++_stamp, origin);
            }
        }

        return new SourceState(
            byOrigin.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<ConfigKey, ConfigObject>)p.Value, StringComparer.Ordinal),
            entries,
            KeepFirstSeen(previous.Rejections, rejections),
            KeepFirstSeen(previous.Warnings, warnings));
    }

    private ConfigChange? Publish(string sourceId)
    {
        var effective = new Dictionary<ConfigKey, (SourceEntry Entry, string Source)>();
        var conflicts = new List<ConfigRejection>();
        var conflictIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (source, state) in _sources.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            foreach (var (key, entry) in state.Entries)
            {
                if (!effective.TryGetValue(key, out var other))
                {
                    effective[key] = (entry, source);
                    continue;
                }

                var (winner, loser) = entry.Stamp > other.Entry.Stamp ? ((entry, source), other) : (other, (entry, source));
                effective[key] = winner;
                // Logged once when the conflict appears, not on every later apply while it lasts.
                var conflictId = $"{key}\u0000{winner.Item2}\u0000{loser.Item2}";
                if (conflictIds.Add(conflictId) && !_conflicts.Contains(conflictId))
                {
                    Log.KeyConflict(_logger, key.ToString(), winner.Item2, loser.Item2);
                }

                conflicts.Add(new ConfigRejection(
                    loser.Item1.Origin, 0, key.Kind, key.Namespace, key.Name,
                    [new ValidationMessage(string.Empty, $"shadowed: source {winner.Item2} ({winner.Item1.Origin}) also defines {key} and wrote it more recently")],
                    _time.GetUtcNow()));
            }
        }

        _conflicts = conflictIds;
        var current = _current;
        var changed = new HashSet<ConfigKey>();
        var objects = new List<ConfigObject>(effective.Count);
        foreach (var (key, (entry, _)) in effective)
        {
            var old = current.Get(key);
            if (old is not null && old.Equals(entry.Config))
            {
                objects.Add(old);
                continue;
            }

            objects.Add(entry.Config);
            changed.Add(key);
        }

        foreach (var old in current.All)
        {
            if (!effective.ContainsKey(old.Key))
            {
                changed.Add(old.Key);
            }
        }

        var rejections = _sources.Values.SelectMany(s => s.Rejections).ToArray();
        var warnings = _sources.Values.SelectMany(s => s.Warnings).Concat(conflicts).ToArray();
        _metrics?.ConfigErrors.Add(rejections.Length - _rejections.Count);
        Volatile.Write(ref _rejections, rejections);
        Volatile.Write(ref _warnings, warnings);

        if (changed.Count == 0)
        {
            Log.NoChange(_logger, sourceId, rejections.Length);
            return null;
        }

        var snapshot = new ConfigSnapshot(current.Version + 1, objects);
        Volatile.Write(ref _current, snapshot);
        _metrics?.ConfigChanges.Add(1);
        Log.ConfigChanged(_logger, snapshot.Version, changed.Count, sourceId, snapshot.Count, rejections.Length);

        var change = new ConfigChange(snapshot, changed);
        Raise(change);
        return change;
    }

    private void Raise(ConfigChange change)
    {
        if (Changed is not { } handlers)
        {
            return;
        }

        foreach (var handler in handlers.GetInvocationList().Cast<Action<ConfigChange>>())
        {
            try
            {
                handler(change);
            }
            catch (Exception e)
            {
                // One failing subscriber must not stop the others or undo a change already in force.
                Log.SubscriberFailed(_logger, e);
            }
        }
    }

    private static Dictionary<ConfigKey, ConfigObject> OriginMap(Dictionary<string, Dictionary<ConfigKey, ConfigObject>> byOrigin, string origin)
    {
        if (!byOrigin.TryGetValue(origin, out var map))
        {
            map = [];
            byOrigin[origin] = map;
        }

        return map;
    }

    // A rejection that is still the same problem keeps the time it was first seen.
    private static ConfigRejection[] KeepFirstSeen(IReadOnlyList<ConfigRejection> previous, List<ConfigRejection> current)
    {
        if (previous.Count == 0)
        {
            return current.ToArray();
        }

        var seen = previous.GroupBy(Identity).ToDictionary(g => g.Key, g => g.First().At);
        return current.Select(r => seen.TryGetValue(Identity(r), out var at) ? r with { At = at } : r).ToArray();
    }

    private static string Identity(ConfigRejection r) =>
        $"{r.Source}\u0000{r.DocumentIndex}\u0000{r.Kind}\u0000{r.Namespace}\u0000{r.Name}\u0000{string.Join("\u0001", r.Errors)}";
}
