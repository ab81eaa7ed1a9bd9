using Istiod.Net.Security;
using Istiod.Net.Security.Ca;
using Istiod.Net.Security.Sds;
using Istiod.Net.Xds.Protocol;

namespace Istiod.Net.Xds.Generation.Secrets;

/// <summary>
/// Turns certificate events into SDS pushes: a workload certificate due for renewal is pushed to the
/// proxies of that identity only; a root rotation drops every generated certificate (the new ones chain to
/// the new root) and pushes secrets to every authenticated proxy. Create it once; dispose to unsubscribe.
/// </summary>
public sealed class SecretPushes : IDisposable
{
    private static readonly IReadOnlySet<string> SecretType = new HashSet<string>(StringComparer.Ordinal) { XdsTypeUrls.Secret };

    private readonly CertificateAuthority _ca;
    private readonly WorkloadCertificateStore _store;
    private readonly XdsResourceProvider _provider;

    public SecretPushes(CertificateAuthority ca, WorkloadCertificateStore store, XdsResourceProvider provider)
    {
        _ca = ca;
        _store = store;
        _provider = provider;
        _store.RenewalDue += OnRenewalDue;
        _ca.TrustBundleChanged += OnTrustBundleChanged;
    }

    public void Dispose()
    {
        _store.RenewalDue -= OnRenewalDue;
        _ca.TrustBundleChanged -= OnTrustBundleChanged;
    }

    private void OnRenewalDue(SpiffeIdentity identity)
    {
        var peer = identity.ToString();
        _provider.Push(new XdsPush(
            _provider.Context.Version,
            $"workload certificate renewal for {peer}",
            SecretType,
            proxy => proxy is Proxy known && known.Workload.Identity == peer));
    }

    private void OnTrustBundleChanged(TrustBundle bundle)
    {
        _store.Clear();
        _provider.Push(new XdsPush(
            _provider.Context.Version,
            "trust bundle changed",
            SecretType,
            proxy => proxy is Proxy known && known.Workload.Identity is not null));
    }
}
