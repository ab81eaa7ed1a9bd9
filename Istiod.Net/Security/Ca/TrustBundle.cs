using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Istiod.Net.Security.Ca;

/// <summary>
/// The roots a workload should trust. Usually one; during a root rotation both the old and the new root,
/// so certificates signed by either keep verifying until every workload holds the new ones.
/// Immutable: a change produces a new bundle.
/// </summary>
public sealed class TrustBundle
{
    private TrustBundle(IReadOnlyList<X509Certificate2> roots)
    {
        Roots = roots;
        Pem = string.Concat(roots.Select(r => r.ExportCertificatePem() + "\n"));
    }

    /// <summary>Distinct roots, in the order first given (the signing root first).</summary>
    public IReadOnlyList<X509Certificate2> Roots { get; }

    /// <summary>All roots as concatenated PEM blocks, the form Envoy's trusted_ca and root-cert.pem take.</summary>
    public string Pem { get; }

    public static TrustBundle Create(IEnumerable<X509Certificate2> roots)
    {
        var distinct = new List<X509Certificate2>();
        foreach (var root in roots)
        {
            if (!distinct.Any(r => r.RawDataMemory.Span.SequenceEqual(root.RawDataMemory.Span)))
            {
                // Copy without any private key: the bundle is public material handed to every workload.
                distinct.Add(X509CertificateLoader.LoadCertificate(root.RawData));
            }
        }

        if (distinct.Count == 0)
        {
            throw new ArgumentException("A trust bundle needs at least one root.", nameof(roots));
        }

        return new TrustBundle(distinct);
    }

    /// <summary>This bundle with <paramref name="root"/> added (no change when it is already here).</summary>
    public TrustBundle With(X509Certificate2 root) => Create(Roots.Append(root));

    /// <summary>This bundle without roots that expired before <paramref name="now"/>.</summary>
    public TrustBundle WithoutExpired(DateTimeOffset now)
    {
        var live = Roots.Where(r => r.NotAfter.ToUniversalTime() > now.UtcDateTime).ToList();
        return live.Count == Roots.Count || live.Count == 0 ? this : new TrustBundle(live);
    }

    public bool Contains(X509Certificate2 certificate) =>
        Roots.Any(r => r.RawDataMemory.Span.SequenceEqual(certificate.RawDataMemory.Span));

    public X509Certificate2Collection ToCollection() => new(Roots.ToArray());

    public override string ToString()
    {
        var text = new StringBuilder($"{Roots.Count} root(s):");
        foreach (var root in Roots)
        {
            text.Append(' ').Append(root.Subject).Append(" [").Append(root.Thumbprint).Append(']');
        }

        return text.ToString();
    }
}
