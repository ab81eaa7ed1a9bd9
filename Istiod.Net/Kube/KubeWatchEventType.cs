namespace Istiod.Net.Kube;

/// <summary>The type field of a watch event. ERROR events are turned into <see cref="KubeApiException"/>.</summary>
public enum KubeWatchEventType
{
    Added,
    Modified,
    Deleted,

    /// <summary>No object changed; the object carries only the resourceVersion the watch has reached.</summary>
    Bookmark,
}
