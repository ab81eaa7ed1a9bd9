using Istiod.Net.Security.Ca;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Istiod.Net.Security.Sds;

/// <summary>
/// The keys and certificates the control plane generated for proxies that cannot make their own (stock
/// Envoy over SDS), one per identity. An entry is handed out again while it is young and replaced before
/// half of its lifetime has passed: at <see cref="RenewalFraction"/> of its life a timer drops it and raises
/// <see cref="RenewalDue"/>, so the proxies of that identity are pushed and the push issues a fresh one.
/// An identity nobody asks for again simply leaves the store. Holds private keys: never log an entry.
/// </summary>
public sealed class WorkloadCertificateStore : IDisposable
{
    /// <summary>Renew at 40 % of the lifetime: the fresh certificate is on its way well before half-life.</summary>
    public const double DefaultRenewalFraction = 0.4;

    private readonly CertificateAuthority _ca;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<SpiffeIdentity, Entry> _entries = new();
    private bool _disposed;

    public WorkloadCertificateStore(
        CertificateAuthority ca,
        TimeProvider? time = null,
        ILogger<WorkloadCertificateStore>? logger = null,
        double renewalFraction = DefaultRenewalFraction)
    {
        if (renewalFraction is <= 0 or >= 0.5)
        {
            throw new ArgumentOutOfRangeException(nameof(renewalFraction), renewalFraction, "must be above 0 and below 0.5, so renewal comes before half-life.");
        }

        _ca = ca;
        _time = time ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        RenewalFraction = renewalFraction;
    }

    /// <summary>Raised (on a timer thread) when an identity's certificate should be replaced: push its proxies.</summary>
    public event Action<SpiffeIdentity>? RenewalDue;

    /// <summary>Raised after a new key and certificate were generated (for metrics).</summary>
    public event Action<SpiffeIdentity>? Issued;

    public double RenewalFraction { get; }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>
    /// The current key and certificate of <paramref name="identity"/>, generated now when there is none or
    /// the one held has reached its renewal time.
    /// </summary>
    public WorkloadCertificate GetOrIssue(SpiffeIdentity identity)
    {
        Entry? replaced = null;
        WorkloadCertificate current;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var now = _time.GetUtcNow();
            if (_entries.TryGetValue(identity, out var entry) && now < entry.Certificate.RenewAt)
            {
                return entry.Certificate;
            }

            replaced = entry;
            var issued = _ca.IssueKeyAndCertificate(identity);
            var lifetime = issued.Certificate.NotAfter - now;
            var renewAt = now + (lifetime > TimeSpan.Zero ? lifetime * RenewalFraction : TimeSpan.Zero);
            current = new WorkloadCertificate(issued, now, renewAt);
            var timer = _time.CreateTimer(_ => OnRenewalDue(identity, current), null, renewAt - now, Timeout.InfiniteTimeSpan);
            _entries[identity] = new Entry(current, timer);
            Log.WorkloadCertificateIssued(_logger, identity.ToString(), issued.Certificate.SerialNumber, issued.Certificate.NotAfter, renewAt);
        }

        replaced?.Timer.Dispose();
        Issued?.Invoke(identity);
        return current;
    }

    /// <summary>Forgets every entry (after a root rotation: new certificates chain to the new root).</summary>
    public IReadOnlyList<SpiffeIdentity> Clear()
    {
        List<Entry> dropped;
        List<SpiffeIdentity> identities;
        lock (_gate)
        {
            identities = _entries.Keys.ToList();
            dropped = _entries.Values.ToList();
            _entries.Clear();
        }

        foreach (var entry in dropped)
        {
            entry.Timer.Dispose();
        }

        return identities;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
        }

        Clear();
    }

    private void OnRenewalDue(SpiffeIdentity identity, WorkloadCertificate due)
    {
        lock (_gate)
        {
            // Only the entry this timer was made for: a newer one has its own timer.
            if (!_entries.TryGetValue(identity, out var entry) || !ReferenceEquals(entry.Certificate, due))
            {
                return;
            }

            _entries.Remove(identity);
            entry.Timer.Dispose();
        }

        Log.WorkloadCertificateRenewalDue(_logger, identity.ToString(), due.Material.Certificate.SerialNumber);
        try
        {
            RenewalDue?.Invoke(identity);
        }
        catch (Exception e)
        {
            Log.RenewalHandlerFailed(_logger, e, identity.ToString());
        }
    }

    private sealed record Entry(WorkloadCertificate Certificate, ITimer Timer);
}
