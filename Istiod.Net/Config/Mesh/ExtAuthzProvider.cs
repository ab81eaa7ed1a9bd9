namespace Istiod.Net.Config.Mesh;

/// <summary>
/// One <c>extensionProviders</c> entry of the mesh config of type envoyExtAuthzHttp / envoyExtAuthzGrpc.
/// <see cref="Service"/> is <c>[namespace/]hostname</c> as Istio spells it.
/// </summary>
public sealed record ExtAuthzProvider
{
    public required string Name { get; init; }

    public required ExtAuthzProviderKind Kind { get; init; }

    public required string Service { get; init; }

    public int Port { get; init; }

    /// <summary>Per-check timeout; Envoy's default (200ms) for HTTP when unset, 600s for gRPC as Istio sets it.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Let the request through when the authorizer cannot be reached.</summary>
    public bool FailOpen { get; init; }

    /// <summary>HTTP status returned when the authorizer errors (e.g. "403"); unset means Envoy's 403.</summary>
    public string? StatusOnError { get; init; }

    /// <summary>HTTP only: prefix of the check request's path, must start with '/'.</summary>
    public string? PathPrefix { get; init; }

    public IReadOnlyList<string> IncludeRequestHeadersInCheck { get; init; } = [];

    public IReadOnlyDictionary<string, string> IncludeAdditionalHeadersInCheck { get; init; } = new Dictionary<string, string>();

    public ExtAuthzRequestBody? IncludeRequestBodyInCheck { get; init; }

    public IReadOnlyList<string> HeadersToUpstreamOnAllow { get; init; } = [];

    public IReadOnlyList<string> HeadersToDownstreamOnDeny { get; init; } = [];

    public IReadOnlyList<string> HeadersToDownstreamOnAllow { get; init; } = [];
}
