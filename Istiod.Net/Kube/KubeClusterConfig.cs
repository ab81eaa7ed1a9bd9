using System.Security.Cryptography.X509Certificates;

namespace Istiod.Net.Kube;

/// <summary>
/// Everything needed to reach one API server: address, how to trust it, how to authenticate, and the default
/// namespace. Built from a kubeconfig (<see cref="KubeconfigLoader"/>) or from the pod's service account
/// (<see cref="InClusterConfig"/>).
/// </summary>
public sealed record KubeClusterConfig
{
    public required Uri Server { get; init; }

    /// <summary>Roots that must sign the server's certificate; null trusts the system roots.</summary>
    public X509Certificate2Collection? CertificateAuthorities { get; init; }

    public bool InsecureSkipTlsVerify { get; init; }

    /// <summary>The name to check in the server certificate instead of the host of <see cref="Server"/>.</summary>
    public string? TlsServerName { get; init; }

    /// <summary>Client certificate with its private key, for x509 authentication.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    public KubeBearerToken? Token { get; init; }

    public string? Username { get; init; }

    public string? Password { get; init; }

    /// <summary>The namespace of the context or of the service account; "default" when neither says.</summary>
    public string Namespace { get; init; } = "default";

    /// <summary>Where these settings came from, for messages ("kubeconfig /root/.kube/config, context kind").</summary>
    public string Source { get; init; } = "explicit";
}
