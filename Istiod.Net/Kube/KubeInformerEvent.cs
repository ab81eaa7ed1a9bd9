using System.Text.Json.Nodes;

namespace Istiod.Net.Kube;

/// <summary>
/// A change to the informer's cache. <see cref="Object"/> is the new state (the last known state for a delete);
/// <see cref="OldObject"/> is the previous state of an update or delete. Both null for <see cref="KubeInformerEventType.Synced"/>.
/// </summary>
public sealed record KubeInformerEvent(KubeInformerEventType Type, KubeObjectKey Key, JsonObject? Object, JsonObject? OldObject)
{
    public static KubeInformerEvent SyncedEvent { get; } = new(KubeInformerEventType.Synced, default, null, null);
}
