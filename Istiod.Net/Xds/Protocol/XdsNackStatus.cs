namespace Istiod.Net.Xds.Protocol;

/// <summary>The last response of one type a client rejected, and why.</summary>
public sealed record XdsNackStatus(string Error, string Nonce, DateTimeOffset At);
