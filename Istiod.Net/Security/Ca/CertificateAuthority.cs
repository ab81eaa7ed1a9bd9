using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Istiod.Net.Security.Ca;

/// <summary>
/// The mesh CA: signs workload certificates for authenticated identities and serving certificates for
/// the control plane. The identity always comes from the caller, never from a CSR. Thread-safe; the
/// signing material can be swapped (root rotation) while requests are served.
/// </summary>
public sealed class CertificateAuthority : IDisposable
{
    /// <summary>Largest CSR accepted, far above any real one (a 4096-bit RSA CSR is under 2 KiB).</summary>
    public const int MaxCsrLength = 64 * 1024;

    private readonly CertificateAuthorityOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _rotation = new();
    private volatile CaSigningMaterial _material;

    private CertificateAuthority(CaSigningMaterial material, CertificateAuthorityOptions options, TimeProvider time, ILogger logger)
    {
        _material = material;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>Raised after a rotation changed the roots workloads should trust.</summary>
    public event Action<TrustBundle>? TrustBundleChanged;

    /// <summary>
    /// Loads or creates the CA the options describe: the cacerts folder when set, otherwise the
    /// self-signed root in <see cref="CertificateAuthorityOptions.RootFolder"/> (created on first start),
    /// otherwise an in-memory root. Throws <see cref="CaConfigurationException"/> with the file at fault.
    /// </summary>
    public static CertificateAuthority Create(CertificateAuthorityOptions options, ILogger? logger = null, TimeProvider? time = null)
    {
        options.Validate();
        logger ??= NullLogger.Instance;
        time ??= TimeProvider.System;

        CaSigningMaterial material;
        if (options.CacertsFolder is { Length: > 0 } cacerts)
        {
            material = CacertsLoader.Load(cacerts, time, logger);
        }
        else if (options.RootFolder is { Length: > 0 } folder)
        {
            material = SelfSignedRootStore.LoadOrCreate(folder, options, time, logger);
        }
        else
        {
            Log.InMemoryRoot(logger);
            var root = SelfSignedRootStore.CreateRoot(options, time);
            material = CaSigningMaterial.Create(root, [], root, TrustBundle.Create([root]), "memory");
        }

        return new CertificateAuthority(material, options, time, logger);
    }

    /// <summary>A CA whose signing material is given as PEM (a Kubernetes Secret); checked like a cacerts folder.</summary>
    public static CertificateAuthority CreateFromPem(CertificateAuthorityOptions options, CaPemBundle pem, string source, ILogger? logger = null, TimeProvider? time = null)
    {
        options.Validate();
        logger ??= NullLogger.Instance;
        time ??= TimeProvider.System;
        return new CertificateAuthority(CacertsLoader.FromPem(pem, source, time, logger), options, time, logger);
    }

    /// <summary>Where the signing material in use came from ("memory", a folder, a Secret).</summary>
    public string MaterialSource => _material.Source;

    /// <summary>
    /// The signing material as PEM, private key included: what the elected replica writes into istio-ca-secret so
    /// every replica signs with one root. Handle the result as a secret.
    /// </summary>
    public CaPemBundle ExportPem()
    {
        var material = _material;
        var signing = material.SigningCertificate;
        using var ec = signing.GetECDsaPrivateKey();
        using var rsa = ec is null ? signing.GetRSAPrivateKey() : null;
        var key = ec is not null ? ec.ExportPkcs8PrivateKeyPem() : rsa!.ExportPkcs8PrivateKeyPem();
        var chain = material.IsSelfSignedRoot
            ? ""
            : string.Concat(material.IssuerChain.Skip(1).Select(c => c.ExportCertificatePem() + "\n"));
        return new CaPemBundle(signing.ExportCertificatePem() + "\n", key + "\n", chain, material.TrustBundle.Pem);
    }

    /// <summary>
    /// Switches to signing material given as PEM (another replica's root, read from istio-ca-secret). Raises
    /// <see cref="TrustBundleChanged"/> when the roots differ. Throws <see cref="CaConfigurationException"/> for bad PEM
    /// and keeps the material in use.
    /// </summary>
    public void UseSigningMaterial(CaPemBundle pem, string source)
    {
        var next = CacertsLoader.FromPem(pem, source, _time, _logger);
        CaSigningMaterial previous;
        lock (_rotation)
        {
            previous = _material;
            _material = next;
        }

        if (previous.TrustBundle.Pem != next.TrustBundle.Pem)
        {
            TrustBundleChanged?.Invoke(next.TrustBundle);
        }
    }

    public string TrustDomain => _options.TrustDomain;

    /// <summary>
    /// True when this CA signs with a root of its own making (a folder, memory, or istio-ca-secret) that the control
    /// plane may rotate; false for a plugged-in cacerts CA, whose owner rotates it.
    /// </summary>
    public bool IsSelfSigned => _options.CacertsFolder is not { Length: > 0 } && _material.IsSelfSignedRoot;

    /// <summary>The root the signing certificate chains to (no key); the signing certificate itself when self-signed.</summary>
    public X509Certificate2 Root => _material.Root;

    public CertificateAuthorityOptions Options => _options;

    /// <summary>The roots workloads should trust; more than one during a root rotation.</summary>
    public TrustBundle TrustBundle => _material.TrustBundle;

    /// <summary>The signing certificate up to its root (no keys): what follows the leaf in every issued chain.</summary>
    public IReadOnlyList<X509Certificate2> IssuerChain => _material.IssuerChain;

    /// <summary>The lifetime a request for <paramref name="requested"/> gets: the default when absent, capped at the maximum.</summary>
    public TimeSpan GrantedLifetime(TimeSpan? requested)
    {
        if (requested is null || requested.Value == TimeSpan.Zero)
        {
            return _options.WorkloadCertificateLifetime;
        }

        if (requested.Value < TimeSpan.Zero)
        {
            throw new CsrRejectedException($"the requested lifetime {requested.Value} is negative.");
        }

        return requested.Value > _options.MaxWorkloadCertificateLifetime ? _options.MaxWorkloadCertificateLifetime : requested.Value;
    }

    /// <summary>
    /// Signs the public key of a PEM CSR for <paramref name="identity"/>. The CSR's subject, SANs and
    /// extensions are ignored; its signature must verify (the caller holds the key).
    /// </summary>
    /// <exception cref="CsrRejectedException">The CSR is malformed, its signature is wrong, or its key is weak or unsupported.</exception>
    public IssuedCertificate SignCsr(string csrPem, SpiffeIdentity identity, TimeSpan? requestedLifetime = null)
    {
        var publicKey = ReadCsrPublicKey(csrPem);
        return Issue(publicKey, identity, requestedLifetime);
    }

    /// <summary>Generates a key for <paramref name="identity"/> and issues its certificate.</summary>
    public IssuedKeyAndCertificate IssueKeyAndCertificate(SpiffeIdentity identity, TimeSpan? lifetime = null, CaKeyAlgorithm? keyAlgorithm = null)
    {
        using var key = CaKeys.Create(keyAlgorithm ?? _options.KeyAlgorithm);
        var publicKey = CaKeys.NewRequest(new X500DistinguishedName(string.Empty), key).PublicKey;
        var issued = Issue(publicKey, identity, lifetime);
        var keyPem = key switch
        {
            ECDsa ec => ec.ExportPkcs8PrivateKeyPem(),
            RSA rsa => rsa.ExportPkcs8PrivateKeyPem(),
            _ => throw new InvalidOperationException("Unsupported key type."),
        };
        return new IssuedKeyAndCertificate { Certificate = issued, PrivateKeyPem = keyPem + "\n" };
    }

    /// <summary>
    /// A server certificate for the control plane's names (DNS names or IP addresses), with a fresh key.
    /// Usually <see cref="ControlPlaneNames"/>; the lifetime defaults to the workload default and is
    /// capped like a workload's. Callers replace it at <see cref="ServingCertificate.RenewAt"/>.
    /// </summary>
    public ServingCertificate IssueServingCertificate(IEnumerable<string> names, TimeSpan? lifetime = null)
    {
        var distinct = names.Select(n => n.Trim()).Where(n => n.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (distinct.Count == 0)
        {
            throw new ArgumentException("A serving certificate needs at least one DNS name or IP address.", nameof(names));
        }

        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in distinct)
        {
            if (IPAddress.TryParse(name, out var address))
            {
                san.AddIpAddress(address);
            }
            else if (Uri.CheckHostName(name.Replace("*.", string.Empty, StringComparison.Ordinal)) == UriHostNameType.Dns)
            {
                san.AddDnsName(name);
            }
            else
            {
                throw new ArgumentException($"'{name}' is neither a DNS name nor an IP address.", nameof(names));
            }
        }

        using var key = CaKeys.Create(_options.KeyAlgorithm);
        var request = CaKeys.NewRequest(new X500DistinguishedName(string.Empty), key);
        var material = _material;
        var granted = lifetime is { } asked && asked > TimeSpan.Zero ? GrantedLifetime(asked) : _options.WorkloadCertificateLifetime;
        using var leaf = Sign(request.PublicKey, material, granted, san.Build(critical: true), clientAuth: false, rsaSubjectKey: key is RSA);
        var withKey = CaKeys.AttachKey(leaf, key);
        Log.ServingIssued(_logger, string.Join(",", distinct), withKey.SerialNumber, withKey.NotAfter.ToUniversalTime());
        return new ServingCertificate(withKey, material.IssuerChain, distinct);
    }

    /// <summary>
    /// The names istiod is reached by: <c>istiod.&lt;namespace&gt;.svc</c> plus configured ones. The
    /// short and fully qualified service names are included because in-cluster clients use both.
    /// </summary>
    public static IReadOnlyList<string> ControlPlaneNames(string @namespace, IEnumerable<string>? extraNames = null, string serviceName = "istiod") =>
        new[] { $"{serviceName}.{@namespace}.svc", $"{serviceName}.{@namespace}.svc.cluster.local", $"{serviceName}.{@namespace}", serviceName }
            .Concat(extraNames ?? [])
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();

    /// <summary>
    /// Self-signed mode only: replaces the root with a new one, keeping the old root in the trust bundle
    /// so existing certificates keep verifying. Persists to the root folder when there is one.
    /// </summary>
    public void RotateSelfSignedRoot()
    {
        if (_options.CacertsFolder is { Length: > 0 })
        {
            throw new InvalidOperationException("A plugged-in CA is rotated by replacing its cacerts files, not by the control plane.");
        }

        CaSigningMaterial next;
        lock (_rotation)
        {
            var previous = _material;

            // Only when the root in use came from the folder: one loaded from istio-ca-secret must not be replaced
            // by whatever older root the folder still holds.
            if (_options.RootFolder is { Length: > 0 } folder && previous.Source == folder)
            {
                next = SelfSignedRootStore.Rotate(folder, _options, _time, _logger);
            }
            else
            {
                var (root, bundle) = NextRoot(previous);
                next = CaSigningMaterial.Create(root, [], root, bundle, "memory");
            }

            _material = next;

            // The old material may be mid-signature on another thread; leave its key to the finalizer.
        }

        TrustBundleChanged?.Invoke(next.TrustBundle);
    }

    /// <summary>
    /// Self-signed mode only: a new root as PEM, with the current roots kept after it in the bundle, without switching
    /// to it. The elected replica writes this into istio-ca-secret first and signs with it only once the write won, so a
    /// lost race never leaves it signing with a root no other replica has.
    /// </summary>
    public CaPemBundle CreateRotatedPem()
    {
        if (!IsSelfSigned)
        {
            throw new InvalidOperationException("Only a self-signed root is rotated by the control plane.");
        }

        var (root, bundle) = NextRoot(_material);
        using (root)
        {
            return new CaPemBundle(root.ExportCertificatePem() + "\n", SelfSignedRootStore.ExportKeyPem(root), "", bundle.Pem);
        }
    }

    /// <summary>A fresh root, and a bundle that trusts it first and keeps the unexpired roots of <paramref name="current"/>.</summary>
    private (X509Certificate2 Root, TrustBundle Bundle) NextRoot(CaSigningMaterial current)
    {
        var root = SelfSignedRootStore.CreateRoot(_options, _time);
        return (root, TrustBundle.Create([root, .. current.TrustBundle.Roots]).WithoutExpired(_time.GetUtcNow()));
    }

    public void Dispose() => _material.Dispose();

    private static PublicKey ReadCsrPublicKey(string csrPem)
    {
        if (string.IsNullOrWhiteSpace(csrPem))
        {
            throw new CsrRejectedException("the CSR is empty.");
        }

        if (csrPem.Length > MaxCsrLength)
        {
            throw new CsrRejectedException($"the CSR is {csrPem.Length} characters long; at most {MaxCsrLength} are accepted.");
        }

        if (!PemEncoding.TryFind(csrPem, out var fields) ||
            !csrPem.AsSpan()[fields.Label].SequenceEqual("CERTIFICATE REQUEST") && !csrPem.AsSpan()[fields.Label].SequenceEqual("NEW CERTIFICATE REQUEST"))
        {
            throw new CsrRejectedException("the CSR is not PEM encoded: expected a '-----BEGIN CERTIFICATE REQUEST-----' block.");
        }

        CertificateRequest request;
        try
        {
            // Default load options verify the CSR's self-signature: the caller must hold the private key.
            request = CertificateRequest.LoadSigningRequestPem(csrPem, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.Default);
        }
        catch (CryptographicException e)
        {
            throw new CsrRejectedException($"the CSR cannot be parsed or its signature does not verify: {e.Message}", e);
        }
        catch (ArgumentException e)
        {
            throw new CsrRejectedException($"the CSR cannot be parsed: {e.Message}", e);
        }
        catch (NotSupportedException e)
        {
            // .NET verifies the CSR's signature with the key's own algorithm and knows no EdDSA: an Ed25519
            // or Ed448 CSR is the caller's choice of key, not a failure of the CA.
            throw new CsrRejectedException($"the CSR's key algorithm is not supported ({UnsupportedAlgorithm(e)}); use RSA (2048+) or ECDSA (P-256, P-384).", e);
        }

        return request.PublicKey;
    }

    // .NET names the algorithm only by OID in its message; name the ones a CSR commonly carries.
    private static string UnsupportedAlgorithm(NotSupportedException e) => e.Message switch
    {
        var m when m.Contains("1.3.101.112", StringComparison.Ordinal) => "Ed25519, OID 1.3.101.112",
        var m when m.Contains("1.3.101.113", StringComparison.Ordinal) => "Ed448, OID 1.3.101.113",
        var m => m.TrimEnd('.'),
    };

    private IssuedCertificate Issue(PublicKey publicKey, SpiffeIdentity identity, TimeSpan? requestedLifetime)
    {
        if (!string.Equals(identity.TrustDomain, _options.TrustDomain, StringComparison.Ordinal))
        {
            throw new ArgumentException($"This CA issues identities in trust domain '{_options.TrustDomain}', not '{identity.TrustDomain}'.", nameof(identity));
        }

        var rsaSubjectKey = CaKeys.CheckSubjectKey(publicKey);
        var granted = GrantedLifetime(requestedLifetime);
        if (requestedLifetime is { } asked && asked > granted)
        {
            Log.LifetimeCapped(_logger, identity.ToString(), asked, granted);
        }

        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(identity.ToUri());

        // The subject is empty (the SAN is the identity), so RFC 5280 requires the SAN to be critical.
        var material = _material;
        var leaf = Sign(publicKey, material, granted, san.Build(critical: true), clientAuth: true, rsaSubjectKey);
        Log.Issued(_logger, identity.ToString(), leaf.SerialNumber, leaf.NotAfter.ToUniversalTime());
        var chain = new List<X509Certificate2> { leaf };
        chain.AddRange(material.IssuerChain);
        return new IssuedCertificate
        {
            Identity = identity,
            Leaf = leaf,
            Chain = chain,
            ChainPem = [leaf.ExportCertificatePem() + "\n", .. material.IssuerChainPem],
        };
    }

    private X509Certificate2 Sign(
        PublicKey publicKey, CaSigningMaterial material, TimeSpan lifetime, X509Extension subjectAlternativeName, bool clientAuth, bool rsaSubjectKey)
    {
        var (generator, hash, key) = material.CreateSignatureGenerator();
        using (key)
        {
            var issuer = material.SigningCertificate;
            var request = new CertificateRequest(new X500DistinguishedName(string.Empty), publicKey, hash);
            CertificateExtensions.AddLeafExtensions(request, issuer, rsaSubjectKey, clientAuth, subjectAlternativeName);

            var now = _time.GetUtcNow();
            var notBefore = now - _options.ClockSkewAllowance;
            var notAfter = now + lifetime;

            // A certificate cannot outlive its issuer; near the end of the CA's life, leaves get shorter.
            var issuerNotAfter = new DateTimeOffset(issuer.NotAfter.ToUniversalTime());
            if (notAfter > issuerNotAfter)
            {
                notAfter = issuerNotAfter;
            }

            var issuerNotBefore = new DateTimeOffset(issuer.NotBefore.ToUniversalTime());
            if (notBefore < issuerNotBefore)
            {
                notBefore = issuerNotBefore;
            }

            return request.Create(issuer.SubjectName, generator, notBefore, notAfter, CertificateExtensions.RandomSerial());
        }
    }
}
