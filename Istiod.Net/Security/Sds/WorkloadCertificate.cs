using Istiod.Net.Security.Ca;

namespace Istiod.Net.Security.Sds;

/// <summary>
/// One identity's generated key and certificate as the store holds it: when it was issued and when it is
/// replaced. Holds a private key: never log it.
/// </summary>
public sealed record WorkloadCertificate(IssuedKeyAndCertificate Material, DateTimeOffset IssuedAt, DateTimeOffset RenewAt)
{
    public SpiffeIdentity Identity => Material.Certificate.Identity;

    /// <summary>Half-way between issue and expiry: the replacement must be out before this.</summary>
    public DateTimeOffset HalfLife => IssuedAt + (Material.Certificate.NotAfter - IssuedAt) / 2;

    public override string ToString() => Material.ToString();
}
