using Istiod.Net.Push;

namespace Istiod.Net.Xds.Generation;

/// <summary>What a generator may look at: one push context and the proxy view.</summary>
public sealed record GenerationContext(PushContext Push, ProxyView View)
{
    public string Namespace => View.Namespace;

    /// <summary>The proxy's workload; null for generator sets scoped to namespaces.</summary>
    public ProxyWorkload? Workload => View.Workload;
}
