namespace Istiod.Net.Security.Authorization;

/// <summary>The attribute names AuthorizationPolicy conditions use, and which of them only HTTP can see.</summary>
public static class RbacKeys
{
    public const string SourceIp = "source.ip";
    public const string RemoteIp = "remote.ip";
    public const string SourceNamespace = "source.namespace";
    public const string SourcePrincipal = "source.principal";
    public const string SourceServiceAccount = "source.serviceAccount";
    public const string SourceTrustDomain = "source.trustDomain";
    public const string RequestPrincipal = "request.auth.principal";
    public const string RequestAudiences = "request.auth.audiences";
    public const string RequestPresenter = "request.auth.presenter";
    public const string RequestClaimsPrefix = "request.auth.claims";
    public const string RequestHeadersPrefix = "request.headers";
    public const string DestinationIp = "destination.ip";
    public const string DestinationPort = "destination.port";
    public const string ConnectionSni = "connection.sni";
    public const string EnvoyFilterPrefix = "experimental.envoy.filters.";

    public const string AuthorityHeader = ":authority";
    public const string MethodHeader = ":method";
}
