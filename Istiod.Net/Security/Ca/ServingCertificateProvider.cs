using System.Security.Cryptography.X509Certificates;

namespace Istiod.Net.Security.Ca;

/// <summary>
/// The control plane's current serving certificate, renewed when half its life has passed or the CA's
/// root rotated. Renewal happens on the first handshake that needs it, so there is no timer to stop;
/// pass <see cref="GetCertificate"/> to Kestrel (UseGrpcTls takes a certificate callback).
/// </summary>
public sealed class ServingCertificateProvider
{
    private readonly CertificateAuthority _ca;
    private readonly IReadOnlyList<string> _names;
    private readonly TimeSpan? _lifetime;
    private readonly TimeProvider _time;
    private readonly Lock _renewal = new();
    private volatile ServingCertificate _current;
    private volatile bool _rootChanged;

    public ServingCertificateProvider(CertificateAuthority ca, IEnumerable<string> names, TimeSpan? lifetime = null, TimeProvider? time = null)
    {
        _ca = ca;
        _names = names.ToList();
        _lifetime = lifetime;
        _time = time ?? TimeProvider.System;
        _current = ca.IssueServingCertificate(_names, lifetime);
        ca.TrustBundleChanged += _ => _rootChanged = true;
    }

    /// <summary>The certificate now in use (renewed first when due).</summary>
    public ServingCertificate Current
    {
        get
        {
            var current = _current;
            if (!_rootChanged && _time.GetUtcNow() < current.RenewAt)
            {
                return current;
            }

            lock (_renewal)
            {
                if (_rootChanged || _time.GetUtcNow() >= _current.RenewAt)
                {
                    _rootChanged = false;

                    // The previous certificate is not disposed: a handshake may still be using it.
                    _current = _ca.IssueServingCertificate(_names, _lifetime);
                }

                return _current;
            }
        }
    }

    /// <summary>For Kestrel's certificate selector: the current leaf with its key.</summary>
    public X509Certificate2 GetCertificate() => Current.Certificate;
}
