namespace Istiod.Net.Push;

/// <summary>What a generated resource can depend on, and what a change can touch.</summary>
public enum DependencyKind
{
    /// <summary>A service definition (ports, addresses, visibility), by host name.</summary>
    Service,

    /// <summary>The endpoints of a service, by host name.</summary>
    Endpoints,

    /// <summary>The VirtualServices for a host name.</summary>
    VirtualService,

    /// <summary>The DestinationRules for a host name.</summary>
    DestinationRule,

    /// <summary>Every config of a kind no index above covers (Gateway, Sidecar...), by kind name.</summary>
    ConfigKind,
}
