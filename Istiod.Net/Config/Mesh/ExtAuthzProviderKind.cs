namespace Istiod.Net.Config.Mesh;

/// <summary>How an external authorizer is called: Envoy's HTTP or gRPC ext_authz protocol.</summary>
public enum ExtAuthzProviderKind
{
    Http,
    Grpc,
}
