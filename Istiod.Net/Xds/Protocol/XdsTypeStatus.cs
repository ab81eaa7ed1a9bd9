namespace Istiod.Net.Xds.Protocol;

/// <summary>
/// What one stream knows about one type URL. <paramref name="Subscribed"/> is <c>["*"]</c> for a wildcard
/// subscription (plus any names also asked for explicitly) and empty after an unsubscribe.
/// </summary>
public sealed record XdsTypeStatus(
    IReadOnlyList<string> Subscribed,
    string? SentVersion,
    string? SentNonce,
    string? AckedVersion,
    int ResourceCount,
    XdsNackStatus? Nack);
