using Google.Protobuf;

namespace Istiod.Net.Xds.Generation;

/// <summary>
/// A generator whose resources belong to one connected proxy rather than to its view (its own key and
/// certificate). The provider calls <see cref="Generate(GenerationContext, Proxy, string)"/> on every
/// request and never caches the result, so nothing of it can reach another proxy through the cache.
/// Its view-only <see cref="IXdsGenerator.Generate"/> must return null: without the proxy there is
/// nothing it may hand out.
/// </summary>
public interface IProxyBoundGenerator : IXdsGenerator
{
    IMessage? Generate(GenerationContext context, Proxy proxy, string name);
}
