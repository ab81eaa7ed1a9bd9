namespace Istiod.Net.Security.Ca;

/// <summary>
/// The CA in Istio's cacerts layout as PEM text: the signing certificate and its key, the chain from it up to the
/// root (may be empty for a self-signed root) and the roots to trust. The shape of istio-ca-secret and cacerts.
/// </summary>
public sealed record CaPemBundle(string CaCertPem, string CaKeyPem, string CertChainPem, string RootCertPem);
