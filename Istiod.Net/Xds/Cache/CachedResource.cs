using Istiod.Net.Push;
using Istiod.Net.Xds.Protocol;

namespace Istiod.Net.Xds.Cache;

/// <summary>
/// A generated resource (null when the name does not exist) and what its generation read. Absence is
/// cached too, with its inputs, so a resource appears as soon as what it needs does.
/// </summary>
public sealed record CachedResource(XdsResource? Resource, IReadOnlySet<Dependency> DependsOn);
