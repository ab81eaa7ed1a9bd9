using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Istiod.Net.Security.Ca;

/// <summary>
/// Decides when the self-signed root is due for replacement (remaining lifetime under the grace ratio of its whole
/// lifetime) and, in file mode, replaces it on a schedule. Never touches a plugged-in cacerts CA. In Kubernetes mode
/// the elected replica asks <see cref="IsDue"/> and writes the new root through istio-ca-secret instead.
/// </summary>
public sealed class SelfSignedRootRotator
{
    private readonly CertificateAuthority _ca;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public SelfSignedRootRotator(CertificateAuthority ca, SelfSignedRootRotatorOptions? options = null, TimeProvider? time = null, ILogger<SelfSignedRootRotator>? logger = null)
    {
        Options = options ?? new SelfSignedRootRotatorOptions();
        Options.Validate();
        _ca = ca;
        _time = time ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    public SelfSignedRootRotatorOptions Options { get; }

    /// <summary>Whether this rotator may ever rotate: enabled, and the CA's root is its own (not cacerts).</summary>
    public bool Applies => Options.Enabled && _ca.IsSelfSigned;

    /// <summary>The instant from which the current root is due: its expiry minus the grace share of its lifetime.</summary>
    public DateTimeOffset DueAt
    {
        get
        {
            var root = _ca.Root;
            var notBefore = new DateTimeOffset(root.NotBefore.ToUniversalTime());
            var notAfter = new DateTimeOffset(root.NotAfter.ToUniversalTime());
            return notAfter - (notAfter - notBefore) * Options.GracePeriodRatio;
        }
    }

    /// <summary>True when the root should be replaced now.</summary>
    public bool IsDue() => Applies && _time.GetUtcNow() >= DueAt;

    /// <summary>Rotates the root in place (file or memory) when due; true when it did.</summary>
    public bool RotateIfDue()
    {
        if (!IsDue())
        {
            return false;
        }

        var old = _ca.Root;
        _ca.RotateSelfSignedRoot();
        LogRotated(old, _ca.Root, _ca.MaterialSource);
        return true;
    }

    /// <summary>Checks now and then every <see cref="SelfSignedRootRotatorOptions.CheckInterval"/> until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!Applies)
        {
            Log.RootRotationOff(_logger, Options.Enabled ? "the CA is plugged in (cacerts)" : "disabled");
            return;
        }

        Log.RootRotationScheduled(_logger, DueAt, Options.CheckInterval);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                RotateIfDue();
            }
            catch (Exception e) when (e is CaConfigurationException or IOException or UnauthorizedAccessException)
            {
                // The old root stays in use; the next check tries again.
                Log.RootRotationFailed(_logger, e.Message);
            }

            try
            {
                await Task.Delay(Options.CheckInterval, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    internal void LogRotated(X509Certificate2 old, X509Certificate2 fresh, string where) =>
        Log.RootRotatedOnSchedule(
            _logger, where, old.Thumbprint, old.NotAfter.ToUniversalTime(), fresh.Thumbprint, fresh.NotAfter.ToUniversalTime(), _ca.TrustBundle.Roots.Count);
}
