namespace Istiod.Net.Xds.Protocol;

/// <summary>The resources of one type a client currently holds from us, as last sent (for config_dump).</summary>
public sealed record XdsSentResources(string TypeUrl, string? Version, IReadOnlyList<XdsResource> Resources);
