namespace Istiod.Net.Security.Authorization;

/// <summary>How an external authorizer is called: Envoy's HTTP or gRPC ext_authz protocol.</summary>
public enum ExtAuthzProviderKind
{
    Http,
    Grpc,
}
