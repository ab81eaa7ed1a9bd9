namespace Istiod.Net.Xds.Protocol;

/// <summary>
/// Resources of one type for one proxy. <paramref name="Resources"/> is the complete set the proxy
/// should hold for the names it asked (all of them for a wildcard subscription).
/// </summary>
public sealed record XdsGeneration(string VersionInfo, IReadOnlyList<XdsResource> Resources);
