using System.Text.Json.Nodes;

namespace Istiod.Net.Tests.Infrastructure.FakeKube;

/// <summary>One change in the fake server's history, replayed to watches that start before it.</summary>
internal sealed record FakeStoredEvent(long ResourceVersion, FakeResource Resource, string? Namespace, string Type, JsonObject Object)
{
    public string Line() => new JsonObject { ["type"] = Type, ["object"] = Object.DeepClone() }.ToJsonString();
}
