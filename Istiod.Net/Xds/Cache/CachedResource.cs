using Istiod.Net.Xds.Protocol;

namespace Istiod.Net.Xds.Cache;

/// <summary>
/// A generated resource (null when the name does not exist) and the inputs its generation read. Absence
/// is cached too, with its inputs, so a resource appears as soon as what it needs does. The cache does not
/// interpret the inputs: whoever advances it decides which are still valid.
/// </summary>
public sealed record CachedResource<TInput>(XdsResource? Resource, IReadOnlySet<TInput> DependsOn);
