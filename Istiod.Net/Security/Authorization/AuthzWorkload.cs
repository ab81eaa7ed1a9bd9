namespace Istiod.Net.Security.Authorization;

/// <summary>
/// The workload a set of authorization filters is built for: where it runs, its labels, and the names a
/// <c>targetRef</c> may use for it (the Gateway it implements, the Services it backs).
/// </summary>
public sealed record AuthzWorkload
{
    /// <summary>Label Kubernetes Gateway API deployments carry; a policy's <c>targetRef</c> of kind Gateway matches it.</summary>
    public const string GatewayNameLabel = "gateway.networking.k8s.io/gateway-name";

    public required string Namespace { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Services (in <see cref="Namespace"/>) this workload serves, for <c>targetRef</c> kind Service / ServiceEntry.</summary>
    public IReadOnlyList<string> Services { get; init; } = [];
}
