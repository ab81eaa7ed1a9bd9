using Google.Protobuf;
using Istiod.Net.Push;

namespace Istiod.Net.Xds.Generation;

/// <summary>
/// Builds the resources of one type URL from a push context, for one proxy view. Generators are pure
/// functions of (context, view, name): that is what lets the cache share results between proxies.
/// </summary>
public interface IXdsGenerator
{
    string TypeUrl { get; }

    /// <summary>
    /// Every kind of input this generator may read. A change that touches none of them never makes
    /// proxies fetch this type again.
    /// </summary>
    IReadOnlySet<DependencyKind> Reads { get; }

    /// <summary>
    /// When the generator reads <see cref="DependencyKind.ConfigKind"/>, the config kinds it reads
    /// (PeerAuthentication, ...), so a change of another kind does not make proxies fetch this type
    /// again. Null means any kind.
    /// </summary>
    IReadOnlySet<string>? ReadsConfigKinds => null;

    /// <summary>
    /// What of the proxy's workload resource <paramref name="name"/> depends on (workload-scoped sets only). The
    /// generator sees only these parts; declaring less than it reads is impossible, declaring more only costs sharing.
    /// </summary>
    WorkloadFacets WorkloadFacetsFor(string name) => WorkloadFacets.All;

    /// <summary>The names a wildcard subscription gets; records what the listing read.</summary>
    IEnumerable<string> ListNames(GenerationContext context, DependencyRecorder read);

    /// <summary>
    /// The resource <paramref name="name"/>, or null when it does not exist. Records what it read even when
    /// returning null, so the resource appears once its inputs do.
    /// </summary>
    IMessage? Generate(GenerationContext context, string name, DependencyRecorder read);
}
