using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Istiod.Net.Grpc;
using Istiod.Net.Security.Ca;

namespace Istiod.Net.Security.Authentication;

/// <summary>
/// Authenticates a caller by a TLS client certificate this CA issued: the chain must verify against the
/// CA's current trust bundle at the current time, the certificate must allow client authentication, and
/// it must carry exactly one SPIFFE URI SAN in this CA's trust domain. That SAN is the identity.
/// </summary>
public sealed class ClientCertificateAuthenticator(CertificateAuthority ca, TimeProvider? time = null) : IAuthenticator
{
    private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public string Method => "client-certificate";

    public Task<AuthenticationResult> AuthenticateAsync(GrpcCallContext call)
    {
        var certificate = call.ClientCertificate;
        return Task.FromResult(certificate is null ? AuthenticationResult.NoCredential(Method) : Authenticate(certificate));
    }

    private AuthenticationResult Authenticate(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(ca.TrustBundle.ToCollection());

        // The TLS layer hands over the leaf only; our own intermediates complete the path.
        chain.ChainPolicy.ExtraStore.AddRange(ca.IssuerChain.ToArray());
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = _time.GetUtcNow().UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(ClientAuthOid));

        if (!chain.Build(certificate))
        {
            var problems = chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct();
            return AuthenticationResult.Rejected(Method, $"the client certificate is not valid for this CA: {string.Join("; ", problems)}");
        }

        IReadOnlyList<string> uris;
        try
        {
            uris = CertificateSans.Uris(certificate);
        }
        catch (CryptographicException e)
        {
            return AuthenticationResult.Rejected(Method, e.Message);
        }

        var spiffe = uris.Where(u => u.StartsWith(SpiffeIdentity.Scheme + "://", StringComparison.OrdinalIgnoreCase)).ToList();
        if (spiffe.Count != 1)
        {
            return AuthenticationResult.Rejected(Method, $"the client certificate carries {spiffe.Count} SPIFFE URI SANs; exactly one is required.");
        }

        if (!SpiffeIdentity.TryParse(spiffe[0], out var identity))
        {
            return AuthenticationResult.Rejected(Method, $"the client certificate's SAN '{spiffe[0]}' is not of the form spiffe://<trust-domain>/ns/<namespace>/sa/<service-account>.");
        }

        if (!string.Equals(identity.TrustDomain, ca.TrustDomain, StringComparison.Ordinal))
        {
            return AuthenticationResult.Rejected(Method, $"the client certificate is for trust domain '{identity.TrustDomain}', not '{ca.TrustDomain}'.");
        }

        return AuthenticationResult.Success(Method, identity);
    }
}
