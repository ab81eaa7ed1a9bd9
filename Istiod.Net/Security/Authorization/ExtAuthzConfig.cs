using HttpExtAuthz = Envoy.Extensions.Filters.Http.ExtAuthz.V3.ExtAuthz;
using NetworkExtAuthz = Envoy.Extensions.Filters.Network.ExtAuthz.V3.ExtAuthz;

namespace Istiod.Net.Security.Authorization;

/// <summary>A provider's ext_authz filter configs: HTTP always, network only for gRPC providers (Envoy's TCP ext_authz speaks gRPC only).</summary>
public sealed record ExtAuthzConfig(HttpExtAuthz Http, NetworkExtAuthz? Network);
