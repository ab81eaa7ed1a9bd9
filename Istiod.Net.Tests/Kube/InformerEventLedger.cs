using System.Text.Json.Nodes;
using Istiod.Net.Kube;

namespace Istiod.Net.Tests.Kube;

/// <summary>
/// Rebuilds the collection from an informer's events alone and notes every event that could not be right:
/// an add of something present, an update or delete of something absent, an update that changes nothing.
/// If the rebuilt state equals the server's and nothing was noted, nothing was lost or duplicated.
/// </summary>
internal sealed class InformerEventLedger
{
    private readonly Lock _lock = new();
    private readonly Dictionary<KubeObjectKey, JsonObject> _state = [];
    private readonly List<string> _violations = [];
    private readonly List<KubeInformerEvent> _events = [];
    private int _synced;

    public IReadOnlyList<string> Violations
    {
        get
        {
            lock (_lock)
            {
                return _violations.ToArray();
            }
        }
    }

    public IReadOnlyList<KubeInformerEvent> Events
    {
        get
        {
            lock (_lock)
            {
                return _events.ToArray();
            }
        }
    }

    public int SyncedCount => Volatile.Read(ref _synced);

    public Dictionary<KubeObjectKey, string?> Versions()
    {
        lock (_lock)
        {
            return _state.ToDictionary(p => p.Key, p => KubeObjects.ResourceVersion(p.Value));
        }
    }

    public ValueTask Handle(KubeInformerEvent e, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _events.Add(e);
            var present = _state.TryGetValue(e.Key, out var current);
            switch (e.Type)
            {
                case KubeInformerEventType.Synced:
                    _synced++;
                    break;
                case KubeInformerEventType.Added when present:
                    _violations.Add($"added {e.Key} which was already present");
                    break;
                case KubeInformerEventType.Updated when !present:
                    _violations.Add($"updated {e.Key} which was absent");
                    break;
                case KubeInformerEventType.Updated when KubeObjects.ResourceVersion(current!) == KubeObjects.ResourceVersion(e.Object!):
                    _violations.Add($"updated {e.Key} to the version it had");
                    break;
                case KubeInformerEventType.Deleted when !present:
                    _violations.Add($"deleted {e.Key} which was absent");
                    break;
            }

            if (e.Type is KubeInformerEventType.Added or KubeInformerEventType.Updated)
            {
                _state[e.Key] = e.Object!;
            }
            else if (e.Type == KubeInformerEventType.Deleted)
            {
                _state.Remove(e.Key);
            }
        }

        return ValueTask.CompletedTask;
    }
}
