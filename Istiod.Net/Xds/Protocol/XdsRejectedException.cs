namespace Istiod.Net.Xds.Protocol;

/// <summary>The provider refuses a stream (bad node id, failed authentication); the message goes to the client.</summary>
public sealed class XdsRejectedException(string message, bool unauthenticated = false) : Exception(message)
{
    public bool Unauthenticated { get; } = unauthenticated;
}
