using System.Text.Json.Nodes;

namespace Istiod.Net.Kube;

/// <summary>One line of a watch stream.</summary>
public sealed record KubeWatchEvent(KubeWatchEventType Type, JsonObject Object)
{
    public string? ResourceVersion => KubeObjects.ResourceVersion(Object);
}
