namespace Istiod.Net.Load.Reporting;

/// <summary>
/// Everything received and sent. <see cref="Nacks"/> is always 0 (the clients never NACK); resources that would
/// deserve one are counted in <see cref="Unreadable"/>.
/// </summary>
public sealed record TrafficResult(
    long Responses,
    long Bytes,
    long Acks,
    long Nacks,
    long Unreadable,
    long UnexpectedType,
    IReadOnlyList<TypeTraffic> ByType);
