using System.Net.Security;
using System.Reflection;
using System.Security.Cryptography.X509Certificates;
using k8s;

namespace Istiod.Net.Kube;

/// <summary>
/// The library's client, opened up for requests it has no typed method for (any resource as raw JSON, streamed
/// watches): they go through its pipeline, so its credentials (token refresh, exec plugins, OIDC), its TLS
/// handler and its HttpOperationException for every non-2xx answer apply to them as to its own calls.
/// </summary>
internal sealed class KubeTransport : Kubernetes
{
    private readonly SocketsHttpHandler? _handler;

    public KubeTransport(KubernetesClientConfiguration config)
        : base(config)
    {
        _handler = typeof(Kubernetes).GetProperty("HttpClientHandler", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)?.GetValue(this) as SocketsHttpHandler;
        if (!config.SkipTlsVerify && BaseUri.Scheme == Uri.UriSchemeHttps)
        {
            RequireHostName(string.IsNullOrEmpty(config.TlsServerName) ? null : config.TlsServerName);
        }
    }

    /// <summary>Sends <paramref name="request"/> (headers read, body not yet); throws HttpOperationException on non-2xx.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string? body, CancellationToken cancellationToken) =>
        SendRequestRaw(body ?? "", request, cancellationToken);

    /// <summary>The library's HttpClient does not own its handler; without this its connection pool outlives the client.</summary>
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _handler?.Dispose();
        }
    }

    /// <summary>
    /// The library accepts any server certificate that chains to the kubeconfig's CA, whatever host it names, and
    /// its handler-setup hook cannot change that (the library sets its check afterwards); so its handler is reached
    /// here and its check wrapped: the certificate must also name the server, or tls-server-name when the
    /// kubeconfig sets one, as kubectl requires. If a later library version hides the handler, refuse to run
    /// rather than connect without the check.
    /// </summary>
    private void RequireHostName(string? tlsServerName)
    {
        var handler = _handler
            ?? throw new InvalidOperationException("the KubernetesClient library no longer exposes its SocketsHttpHandler; the server host-name check cannot be added");
        var libraryCheck = handler.SslOptions.RemoteCertificateValidationCallback;
        handler.SslOptions.RemoteCertificateValidationCallback = (sender, certificate, chain, errors) =>
        {
            var nameOk = tlsServerName is null
                ? !errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch)
                : certificate is X509Certificate2 server && server.MatchesHostname(tlsServerName);
            var rest = tlsServerName is null ? errors : errors & ~SslPolicyErrors.RemoteCertificateNameMismatch;
            return nameOk && (libraryCheck?.Invoke(sender, certificate, chain, rest) ?? rest == SslPolicyErrors.None);
        };
    }
}
