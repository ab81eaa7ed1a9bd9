using Istiod.Net.Config.Model;
using Istiod.Net.Registry;

namespace Istiod.Net.Push;

/// <summary>A VirtualService that applies to sidecars (the "mesh" gateway), with its hosts resolved.</summary>
public sealed record VirtualServiceEntry(ConfigObject Config, VirtualServiceSpec Spec, IReadOnlyList<string> Hosts, Visibility Visibility)
{
    public string Namespace => Config.Meta.Namespace;
}
