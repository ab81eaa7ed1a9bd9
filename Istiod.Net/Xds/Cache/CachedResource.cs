using Istiod.Net.Xds.Protocol;

namespace Istiod.Net.Xds.Cache;

/// <summary>
/// A generated resource (null when the name does not exist or the resource is withheld) and the inputs its
/// generation read. The cache does not interpret the inputs: whoever advances it decides which are still
/// valid.
/// </summary>
/// <param name="Keep">
/// False for a result that is handed to the callers waiting for it but not kept: the absence of a name that
/// resolves to nothing. Such names come from clients, so keeping them would let any client grow the
/// process-wide cache with names of its choosing; the caller still records what the lookup read, so the
/// resource appears as soon as what it needs does.
/// </param>
public sealed record CachedResource<TInput>(XdsResource? Resource, IReadOnlySet<TInput> DependsOn, bool Keep = true);
