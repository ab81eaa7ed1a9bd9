using System.Globalization;
using System.Text.Json.Nodes;

namespace Istiod.Net.Tests.Infrastructure.FakeKube;

/// <summary>
/// The fake API server's etcd: objects per collection, one resourceVersion counter for everything, a history
/// of changes for watches to replay, and compaction that makes old versions (and continue tokens) Gone.
/// Stored objects are never modified in place, so readers may hold on to them.
/// </summary>
public sealed class FakeKubeStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<FakeResource, SortedDictionary<string, JsonObject>> _objects = [];
    private readonly List<FakeStoredEvent> _history = [];
    private readonly List<FakeWatcher> _watchers = [];
    private readonly Dictionary<string, (long Version, JsonObject[] Items)> _snapshots = [];
    private long _version = 1;
    private long _compacted;
    private long _uid;

    public long ResourceVersion
    {
        get
        {
            lock (_lock)
            {
                return _version;
            }
        }
    }

    /// <summary>Versions at or below this are gone: watching from them, or continuing a list taken then, answers 410.</summary>
    public long CompactedVersion
    {
        get
        {
            lock (_lock)
            {
                return _compacted;
            }
        }
    }

    internal int WatcherCount
    {
        get
        {
            lock (_lock)
            {
                return _watchers.Count;
            }
        }
    }

    /// <summary>The current objects of a collection, keyed "namespace/name" (or "name" when cluster-scoped).</summary>
    public IReadOnlyDictionary<string, JsonObject> Objects(FakeResource resource)
    {
        lock (_lock)
        {
            return _objects.TryGetValue(resource, out var map) ? new Dictionary<string, JsonObject>(map) : [];
        }
    }

    public JsonObject? Get(FakeResource resource, string? @namespace, string name)
    {
        lock (_lock)
        {
            return Map(resource).GetValueOrDefault(Key(@namespace, name));
        }
    }

    public JsonObject Create(FakeResource resource, string kind, string? @namespace, JsonObject obj)
    {
        var name = NameOf(obj);
        lock (_lock)
        {
            var map = Map(resource);
            var key = Key(@namespace, name);
            if (map.ContainsKey(key))
            {
                throw new FakeKubeError(409, "AlreadyExists", $"{resource.Plural} \"{name}\" already exists");
            }

            var stored = (JsonObject)obj.DeepClone();
            stored["kind"] ??= kind;
            stored["apiVersion"] ??= resource.ApiVersion;
            var meta = Meta(stored);
            if (@namespace is not null)
            {
                meta["namespace"] = @namespace;
            }

            meta["uid"] = $"uid-{++_uid}";
            meta["creationTimestamp"] = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            meta["generation"] = 1;
            return Commit(resource, @namespace, key, "ADDED", stored);
        }
    }

    /// <summary>PUT semantics: a metadata.resourceVersion in the body must match the stored one.</summary>
    public JsonObject Replace(FakeResource resource, string? @namespace, string name, JsonObject obj)
    {
        lock (_lock)
        {
            var key = Key(@namespace, name);
            var current = Map(resource).GetValueOrDefault(key)
                ?? throw new FakeKubeError(404, "NotFound", $"{resource.Plural} \"{name}\" not found");
            var expected = obj["metadata"]?["resourceVersion"]?.GetValue<string>();
            if (expected is not null && expected != Meta(current)["resourceVersion"]!.GetValue<string>())
            {
                throw new FakeKubeError(409, "Conflict", $"Operation cannot be fulfilled on {resource.Plural} \"{name}\": the object has been modified; please apply your changes to the latest version and try again");
            }

            var stored = (JsonObject)obj.DeepClone();
            KeepIdentity(current, stored);
            return Commit(resource, @namespace, key, "MODIFIED", stored);
        }
    }

    public JsonObject Patch(FakeResource resource, string? @namespace, string name, JsonObject patch)
    {
        lock (_lock)
        {
            var key = Key(@namespace, name);
            var current = Map(resource).GetValueOrDefault(key)
                ?? throw new FakeKubeError(404, "NotFound", $"{resource.Plural} \"{name}\" not found");
            var stored = (JsonObject)JsonMergePatch.Apply(current, patch)!;
            KeepIdentity(current, stored);
            return Commit(resource, @namespace, key, "MODIFIED", stored);
        }
    }

    /// <summary>Server-side apply, simplified: create when missing, otherwise merge the applied fields in.</summary>
    public JsonObject Apply(FakeResource resource, string kind, string? @namespace, string name, JsonObject obj)
    {
        lock (_lock)
        {
            return Map(resource).ContainsKey(Key(@namespace, name))
                ? Patch(resource, @namespace, name, obj)
                : Create(resource, kind, @namespace, obj);
        }
    }

    public JsonObject Delete(FakeResource resource, string? @namespace, string name)
    {
        lock (_lock)
        {
            var key = Key(@namespace, name);
            var map = Map(resource);
            if (!map.Remove(key, out var current))
            {
                throw new FakeKubeError(404, "NotFound", $"{resource.Plural} \"{name}\" not found");
            }

            // The DELETED event carries the object at a new version, as the API server's does.
            var gone = (JsonObject)current.DeepClone();
            Meta(gone)["resourceVersion"] = Next();
            Record(resource, @namespace, "DELETED", gone);
            return gone;
        }
    }

    /// <summary>
    /// One page of a list. The first page snapshots the collection; later pages read that snapshot, so pages
    /// are consistent even while objects change, until compaction passes the snapshot's version.
    /// </summary>
    public (IReadOnlyList<JsonObject> Items, long Version, string? Continue) List(FakeResource resource, string? @namespace, int limit, string? continueToken)
    {
        lock (_lock)
        {
            JsonObject[] items;
            long version;
            var offset = 0;
            string id;
            if (continueToken is null)
            {
                items = Map(resource).Where(p => @namespace is null || p.Key.StartsWith(@namespace + "/", StringComparison.Ordinal))
                    .Select(p => p.Value).ToArray();
                version = _version;
                id = Guid.NewGuid().ToString("N");
            }
            else
            {
                var parts = continueToken.Split(':');
                if (parts.Length != 2 || !int.TryParse(parts[1], out offset) || !_snapshots.TryGetValue(parts[0], out var snapshot))
                {
                    throw new FakeKubeError(410, "Expired", "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.");
                }

                id = parts[0];
                (version, items) = snapshot;
            }

            if (limit <= 0 || offset + limit >= items.Length)
            {
                _snapshots.Remove(id);
                return (items[offset..], version, null);
            }

            _snapshots[id] = (version, items);
            return (items[offset..(offset + limit)], version, $"{id}:{offset + limit}");
        }
    }

    /// <summary>
    /// Opens a watch. From a version: replays later history (Gone if compacted past it). Without one: an ADDED
    /// event for every current object first. Registration and replay happen under one lock so nothing slips between.
    /// </summary>
    internal FakeWatcher Watch(FakeResource resource, string kind, string? @namespace, long? from, bool bookmarks)
    {
        lock (_lock)
        {
            if (from is { } start && start < _compacted)
            {
                throw new FakeKubeError(410, "Expired", $"too old resource version: {start} ({_compacted})");
            }

            var watcher = new FakeWatcher(resource, @namespace, bookmarks, kind);
            if (from is { } since)
            {
                foreach (var e in _history.Where(e => e.ResourceVersion > since && watcher.Selects(e.Resource, e.Namespace)))
                {
                    watcher.Send(e);
                }
            }
            else
            {
                foreach (var (key, obj) in Map(resource))
                {
                    var ns = obj["metadata"]?["namespace"]?.GetValue<string>();
                    if (watcher.Selects(resource, ns))
                    {
                        watcher.Send(new FakeStoredEvent(_version, resource, ns, "ADDED", obj));
                    }
                }
            }

            _watchers.Add(watcher);
            return watcher;
        }
    }

    internal void Unwatch(FakeWatcher watcher)
    {
        lock (_lock)
        {
            _watchers.Remove(watcher);
        }
    }

    internal IReadOnlyList<FakeWatcher> Watchers()
    {
        lock (_lock)
        {
            return _watchers.ToArray();
        }
    }

    /// <summary>Tells every watch that asked for bookmarks how far it has been brought.</summary>
    public void Bookmark()
    {
        lock (_lock)
        {
            foreach (var w in _watchers.Where(w => w.Bookmarks))
            {
                w.SendBookmark(_version);
            }
        }
    }

    /// <summary>Forgets history up to now: older watch versions and open continue tokens become Gone.</summary>
    public void Compact()
    {
        lock (_lock)
        {
            _compacted = _version;
            _history.RemoveAll(e => e.ResourceVersion <= _compacted);
            _snapshots.Clear();
        }
    }

    /// <summary>Moves the version counter without a change to any object (as writes to other collections do).</summary>
    public long Advance()
    {
        lock (_lock)
        {
            return ++_version;
        }
    }

    private JsonObject Commit(FakeResource resource, string? @namespace, string key, string type, JsonObject stored)
    {
        Meta(stored)["resourceVersion"] = Next();
        Map(resource)[key] = stored;
        Record(resource, @namespace, type, stored);
        return stored;
    }

    private void Record(FakeResource resource, string? @namespace, string type, JsonObject obj)
    {
        var e = new FakeStoredEvent(_version, resource, @namespace, type, obj);
        _history.Add(e);
        foreach (var w in _watchers.Where(w => w.Selects(resource, @namespace)))
        {
            w.Send(e);
        }
    }

    private string Next() => (++_version).ToString(CultureInfo.InvariantCulture);

    private SortedDictionary<string, JsonObject> Map(FakeResource resource)
    {
        if (!_objects.TryGetValue(resource, out var map))
        {
            map = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
            _objects[resource] = map;
        }

        return map;
    }

    private static void KeepIdentity(JsonObject current, JsonObject stored)
    {
        var from = Meta(current);
        var to = Meta(stored);
        foreach (var field in new[] { "name", "namespace", "uid", "creationTimestamp" })
        {
            to[field] = from[field]?.DeepClone();
        }

        var generation = from["generation"]?.GetValue<int>() ?? 1;
        to["generation"] = generation + 1;
        stored["kind"] ??= current["kind"]?.DeepClone();
        stored["apiVersion"] ??= current["apiVersion"]?.DeepClone();
    }

    private static JsonObject Meta(JsonObject obj)
    {
        if (obj["metadata"] is not JsonObject meta)
        {
            meta = [];
            obj["metadata"] = meta;
        }

        return meta;
    }

    private static string NameOf(JsonObject obj) =>
        obj["metadata"]?["name"]?.GetValue<string>() is { Length: > 0 } name
            ? name
            : throw new FakeKubeError(422, "Invalid", "metadata.name: Required value: name is required");

    private static string Key(string? @namespace, string name) => @namespace is null ? name : $"{@namespace}/{name}";
}
