namespace Istiod.Net.Tests.Infrastructure;

/// <summary>The server broke the xDS protocol as a strict client sees it (a nonce used twice, an empty nonce, a name twice).</summary>
public sealed class AdsProtocolViolationException(string message) : Exception(message);
