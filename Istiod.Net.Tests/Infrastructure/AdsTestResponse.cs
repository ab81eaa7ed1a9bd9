using Envoy.Service.Discovery.V3;

namespace Istiod.Net.Tests.Infrastructure;

/// <summary>
/// A SotW or delta response in one shape. <see cref="Version"/> is <c>version_info</c> or <c>system_version_info</c>;
/// <see cref="Removed"/> is empty for SotW. The wire message is kept in <see cref="Sotw"/> or <see cref="Delta"/>.
/// </summary>
public sealed record AdsTestResponse(
    string TypeUrl,
    string Nonce,
    string Version,
    IReadOnlyList<AdsTestResource> Resources,
    IReadOnlyList<string> Removed,
    DateTimeOffset ReceivedAt,
    DiscoveryResponse? Sotw,
    DeltaDiscoveryResponse? Delta)
{
    public IReadOnlyList<string> Names => Resources.Select(r => r.Name).Order(StringComparer.Ordinal).ToArray();

    public IReadOnlyDictionary<string, T> Decoded<T>()
        where T : Google.Protobuf.IMessage, new() =>
        Resources.ToDictionary(r => r.Name, r => r.As<T>(), StringComparer.Ordinal);
}
