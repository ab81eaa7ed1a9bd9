namespace Istiod.Net.Push;

/// <summary>
/// One input of a generated resource: a kind and a host name (or, for <see cref="DependencyKind.ConfigKind"/>,
/// a config kind). <see cref="AnyHost"/> stands for "the set of all hosts", what a wildcard listing reads.
/// </summary>
public readonly record struct Dependency(DependencyKind Kind, string Name)
{
    public const string AnyHost = "*";

    /// <summary>
    /// Stands for "a VirtualService host that names no service of the registry": a change to such a
    /// VirtualService carries it besides its hosts, for readers whose output any unserved host may extend
    /// (a sidecar's route configuration gives one a virtual host on every port) without depending on every
    /// VirtualService. No dot and no wildcard, so it overlaps no real host and no "*.suffix" pattern.
    /// </summary>
    public const string HostWithoutService = "~host-without-service";

    public static Dependency Service(string host) => new(DependencyKind.Service, host);
    public static Dependency Endpoints(string host) => new(DependencyKind.Endpoints, host);
    public static Dependency VirtualService(string host) => new(DependencyKind.VirtualService, host);
    public static Dependency DestinationRule(string host) => new(DependencyKind.DestinationRule, host);
    public static Dependency Config(string kind) => new(DependencyKind.ConfigKind, kind);

    public override string ToString() => $"{Kind}:{Name}";
}
