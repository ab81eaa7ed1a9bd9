namespace Istiod.Net.Registry;

/// <summary>
/// A port of a registry service. <paramref name="TargetPort"/> is where endpoints listen unless an
/// endpoint names its own port; null means the service port number itself.
/// </summary>
public sealed record ServicePort(string Name, uint Number, string Protocol, uint? TargetPort = null);
