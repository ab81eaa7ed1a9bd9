using System.Text.Json.Nodes;

namespace Istiod.Net.Kube;

/// <summary>One page of a list: the items, the collection's resourceVersion, and the token for the next page.</summary>
public sealed record KubeList(IReadOnlyList<JsonObject> Items, string ResourceVersion, string? Continue);
