using Envoy.Config.Core.V3;

namespace Istiod.Net.Xds.Protocol;

/// <summary>
/// The one seam between the xDS protocol and what decides the resources (compare go-control-plane's
/// cache interface). The protocol layer knows streams, nonces and subscriptions; the provider knows
/// Istio config. Implementations must be thread-safe: every stream calls in concurrently.
/// </summary>
public interface IXdsResourceProvider
{
    /// <summary>
    /// A stream sent its first node. Returns the provider's model of that proxy. Throws
    /// <see cref="XdsRejectedException"/> when the node cannot be served; the stream then ends with its message.
    /// </summary>
    IXdsProxy Connect(Node node, XdsConnectionInfo connection);

    /// <summary>The stream ended.</summary>
    void Disconnect(IXdsProxy proxy);

    /// <summary>
    /// The resources of <paramref name="typeUrl"/> for <paramref name="proxy"/>. <paramref name="names"/> null is
    /// a wildcard subscription; otherwise only those names are wanted (names that do not exist are left out).
    /// </summary>
    XdsGeneration Generate(IXdsProxy proxy, string typeUrl, IReadOnlySet<string>? names);

    /// <summary>Raised when state changed; the protocol layer fans it out to the affected streams.</summary>
    event Action<XdsPush>? Pushed;
}
