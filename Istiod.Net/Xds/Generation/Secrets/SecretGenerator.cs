using Envoy.Config.Core.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Google.Protobuf;
using Istiod.Net.Diagnostics;
using Istiod.Net.Push;
using Istiod.Net.Security;
using Istiod.Net.Security.Ca;
using Istiod.Net.Security.Credentials;
using Istiod.Net.Security.Sds;
using Istiod.Net.Xds.Generation.Tls;
using Istiod.Net.Xds.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Istiod.Net.Xds.Generation.Secrets;

/// <summary>
/// SDS for stock Envoy: <c>default</c> (a key generated for the proxy's authenticated identity and its
/// certificate, leaf first), <c>ROOTCA</c> (every root of the trust bundle) and gateway credentials
/// <c>kubernetes://&lt;name&gt;</c> / <c>…-cacert</c> for routers of the credential's namespace whose identity
/// the <see cref="IGatewaySecretAuthorizer"/> lets read it (none when there is no authorizer). Only the
/// identity the xDS stream proved counts, never node metadata or the node type; a proxy without one gets no
/// secret at all (the resource does not exist), which is logged and counted.
/// </summary>
public sealed class SecretGenerator(
    CertificateAuthority ca,
    WorkloadCertificateStore store,
    ICredentialSource? credentials = null,
    IstiodMetrics? metrics = null,
    ILogger<SecretGenerator>? logger = null,
    IGatewaySecretAuthorizer? gatewayAuthorizer = null) : IProxyBoundGenerator
{
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    public string TypeUrl => XdsTypeUrls.Secret;

    /// <summary>No config kind: secrets change by rotation (pushed by <see cref="SecretPushes"/>), not by config.</summary>
    public IReadOnlySet<DependencyKind> Reads { get; } = new HashSet<DependencyKind>();

    /// <summary>SDS is never a wildcard: Envoy names every secret it wants.</summary>
    public IEnumerable<string> ListNames(GenerationContext context, DependencyRecorder read) => [];

    /// <summary>Without the proxy there is no identity, so nothing to hand out.</summary>
    public IMessage? Generate(GenerationContext context, string name, DependencyRecorder read) => null;

    public IMessage? Generate(GenerationContext context, Proxy proxy, string name)
    {
        var identity = AuthenticatedIdentity(proxy, name);
        if (identity is null)
        {
            return null;
        }

        if (name == SdsSecrets.WorkloadCertificate)
        {
            var certificate = store.GetOrIssue(identity).Material;
            return TlsCertificate(name, certificate.Certificate.CertificateChainPem, certificate.PrivateKeyPem);
        }

        if (name == SdsSecrets.RootCa)
        {
            return ValidationContext(name, ca.TrustBundle.Pem);
        }

        if (name.StartsWith(SdsSecrets.CredentialPrefix, StringComparison.Ordinal))
        {
            return GatewayCredential(proxy, identity, name);
        }

        Deny(proxy, name, "unknown", "no secret of that name exists");
        return null;
    }

    private SpiffeIdentity? AuthenticatedIdentity(Proxy proxy, string name)
    {
        var peer = proxy.Workload.Identity;
        if (peer is null)
        {
            Deny(proxy, name, "unauthenticated", "its xDS stream proved no identity (plaintext port, or no valid credential on the secure port)");
            return null;
        }

        if (!SpiffeIdentity.TryParse(peer, out var identity) || identity.TrustDomain != ca.TrustDomain)
        {
            Deny(proxy, name, "foreign-identity", $"its identity {peer} is not a workload identity of trust domain {ca.TrustDomain}");
            return null;
        }

        return identity;
    }

    private Secret? GatewayCredential(Proxy proxy, SpiffeIdentity identity, string name)
    {
        if (proxy.Kind != ProxyKind.Router)
        {
            Deny(proxy, name, "not-a-gateway", "gateway credentials are served to router proxies only");
            return null;
        }

        if (credentials is null)
        {
            Deny(proxy, name, "no-credentials-source", "no credentials source is configured (--credentials-dir)");
            return null;
        }

        // The namespace is the authenticated one: a gateway reads the Secrets of its own namespace only, and
        // only those its verified identity is allowed to (RBAC in a cluster, --gateway-service-accounts in file mode).
        var credentialName = name[SdsSecrets.CredentialPrefix.Length..];
        var wantsCa = credentialName.EndsWith(SdsSecrets.CaCertSuffix, StringComparison.Ordinal);
        if (wantsCa)
        {
            var baseName = credentialName[..^SdsSecrets.CaCertSuffix.Length];
            if (!Authorized(proxy, identity, name, baseName))
            {
                return null;
            }

            var own = credentials.Find(identity.Namespace, baseName);
            var caPem = own.Credential?.CaCertificatePem is { } pem
                ? pem
                : Authorized(proxy, identity, name, credentialName) && credentials.Find(identity.Namespace, credentialName) is { Credential.CaCertificatePem: { } separate }
                    ? separate
                    : null;
            if (caPem is null)
            {
                Deny(proxy, name, "credential-missing", $"no CA certificate for {identity.Namespace}/{baseName}: {own.Problem ?? "it holds no ca.crt or cacert"}");
                return null;
            }

            return ValidationContext(name, caPem);
        }

        if (!Authorized(proxy, identity, name, credentialName))
        {
            return null;
        }

        var lookup = credentials.Find(identity.Namespace, credentialName);
        if (lookup.Credential is not { CertificateChainPem: { } chain, PrivateKeyPem: { } key })
        {
            Deny(proxy, name, "credential-missing", $"{identity.Namespace}/{credentialName}: {lookup.Problem ?? "it holds no certificate and key"}");
            return null;
        }

        return TlsCertificate(name, chain, key);
    }

    /// <summary>Whether <paramref name="identity"/> may read the Secret <paramref name="secretName"/> of its namespace; denials are logged.</summary>
    private bool Authorized(Proxy proxy, SpiffeIdentity identity, string name, string secretName)
    {
        if (gatewayAuthorizer is null)
        {
            Deny(proxy, name, "not-authorized", "no gateway authorization is configured (--gateway-service-accounts in file mode)");
            return false;
        }

        var decision = gatewayAuthorizer.Authorize(identity, identity.Namespace, secretName);
        if (!decision.Allowed)
        {
            Deny(proxy, name, "not-authorized", decision.Reason ?? $"{identity} may not read {identity.Namespace}/{secretName}");
        }

        return decision.Allowed;
    }

    private void Deny(Proxy proxy, string name, string reason, string detail)
    {
        metrics?.SecretsDenied.Add(1, new KeyValuePair<string, object?>("reason", reason));
        Log.SecretDenied(_logger, name, proxy.Id, detail);
    }

    private static Secret TlsCertificate(string name, string chainPem, string keyPem) => new()
    {
        Name = name,
        TlsCertificate = new TlsCertificate
        {
            CertificateChain = new DataSource { InlineBytes = ByteString.CopyFromUtf8(chainPem) },
            PrivateKey = new DataSource { InlineBytes = ByteString.CopyFromUtf8(keyPem) },
        },
    };

    private static Secret ValidationContext(string name, string rootsPem) => new()
    {
        Name = name,
        ValidationContext = new CertificateValidationContext
        {
            TrustedCa = new DataSource { InlineBytes = ByteString.CopyFromUtf8(rootsPem) },
        },
    };
}
