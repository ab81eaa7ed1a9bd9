using Envoy.Config.Core.V3;
using Istiod.Net.Grpc;

namespace Istiod.Net.Xds.Protocol;

/// <summary>
/// Decides who is on the other end of an ADS stream, once, when its first request (with the node) arrived.
/// The protocol layer only carries the answer to <see cref="XdsConnectionInfo.PeerIdentity"/>; how a
/// credential is checked lives with the security code and is joined in by the host.
/// </summary>
public interface IXdsStreamAuthenticator
{
    /// <summary>Never throws for a bad credential: that is <see cref="XdsStreamAuthentication.Rejected"/>.</summary>
    Task<XdsStreamAuthentication> AuthenticateAsync(GrpcCallContext call, Node node);
}
