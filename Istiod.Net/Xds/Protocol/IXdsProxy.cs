namespace Istiod.Net.Xds.Protocol;

/// <summary>
/// What the generation side knows about one connected client. The protocol layer treats it as opaque
/// and only hands it back to <see cref="IXdsResourceProvider"/>.
/// </summary>
public interface IXdsProxy
{
    /// <summary>The node id the client sent.</summary>
    string Id { get; }
}
