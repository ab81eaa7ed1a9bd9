namespace Istiod.Net.Registry;

/// <summary>
/// A change inside a registry source: the host names whose service or endpoints changed.
/// <paramref name="EndpointsOnly"/> true promises that service definitions (ports, addresses) did not change,
/// so only endpoint resources need to be pushed.
/// </summary>
public sealed record RegistrySourceChange(string Source, IReadOnlySet<string> Hostnames, bool EndpointsOnly);
