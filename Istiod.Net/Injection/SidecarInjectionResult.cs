using System.Text.Json.Nodes;

namespace Istiod.Net.Injection;

/// <summary>The pod after injection (a copy; the input is never changed) and why it was or was not injected.</summary>
public sealed record SidecarInjectionResult(JsonObject Pod, bool Injected, string Reason);
