using Google.Protobuf.WellKnownTypes;

namespace Istiod.Net.Xds.Protocol;

/// <summary>
/// One generated resource, already packed. <paramref name="Version"/> is a hash of its bytes, so equal
/// versions mean equal content: the protocol layer uses it to skip unchanged resources and as the
/// per-resource version of the delta protocol.
/// </summary>
public sealed record XdsResource(string Name, Any Resource, string Version);
