namespace Istiod.Net.Xds.Bootstrap;

/// <summary>Options a bootstrap cannot be built from; the message names the option and says what is wrong.</summary>
public sealed class BootstrapOptionsException(string message) : Exception(message);
