namespace Istiod.Net.Xds.Protocol;

/// <summary>A point-in-time view of one ADS stream, for /debug/syncz.</summary>
public sealed record XdsConnectionStatus(
    string ProxyId,
    string ConnectionId,
    XdsStreamProtocol Protocol,
    DateTimeOffset ConnectedAt,
    string? Peer,
    IReadOnlyDictionary<string, XdsTypeStatus> Types);
