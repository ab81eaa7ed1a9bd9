using Istiod.Net.Config.Model;
using Istiod.Net.Push.Delegation;
using Istiod.Net.Registry;

namespace Istiod.Net.Push;

/// <summary>
/// A VirtualService that applies to sidecars and proxyless clients (the "mesh" gateway), with its hosts
/// resolved and its HTTP rules with delegates already expanded (<see cref="HttpRoutes"/>): every client kind
/// translates the same rule list, so a delegating VirtualService means the same to all of them.
/// </summary>
public sealed record VirtualServiceEntry(ConfigObject Config, VirtualServiceSpec Spec, IReadOnlyList<string> Hosts, Visibility Visibility)
{
    public string Namespace => Config.Meta.Namespace;

    /// <summary>
    /// The HTTP rules in order, each delegating rule replaced by its delegate's rules merged under it
    /// (<see cref="DelegateExpander"/>). Computed once per push context by the index.
    /// </summary>
    public IReadOnlyList<ScopedHttpRoute> HttpRoutes { get; init; } = [];
}
