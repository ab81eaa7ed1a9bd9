using k8s;

namespace Istiod.Net.Kube;

/// <summary>
/// The library's client, opened up for requests it has no typed method for (any resource as raw JSON, streamed
/// watches): they go through its pipeline, so its credentials (token refresh, exec plugins, OIDC), its TLS
/// handler and its HttpOperationException for every non-2xx answer apply to them as to its own calls.
/// </summary>
internal sealed class KubeTransport(KubernetesClientConfiguration config) : Kubernetes(config)
{
    /// <summary>Sends <paramref name="request"/> (headers read, body not yet); throws HttpOperationException on non-2xx.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string? body, CancellationToken cancellationToken) =>
        SendRequestRaw(body ?? "", request, cancellationToken);
}
