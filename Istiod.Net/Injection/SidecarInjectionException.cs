namespace Istiod.Net.Injection;

/// <summary>The pod asks for something injection cannot honour; the message names the field.</summary>
public sealed class SidecarInjectionException(string message) : Exception(message);
