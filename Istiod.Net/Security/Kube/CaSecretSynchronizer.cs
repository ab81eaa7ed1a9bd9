using System.Text.Json;
using System.Text.Json.Nodes;
using Istiod.Net.Kube;
using Istiod.Net.Security.Ca;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Istiod.Net.Security.Kube;

/// <summary>
/// Keeps every replica on one root: each replica reads istio-ca-secret and signs with it once it exists
/// (<see cref="FollowAsync"/>); the elected one creates it from its own CA when it is absent (<see cref="LeadAsync"/>).
/// Create is atomic in the API server, so even two leaders in a split second cannot write two roots. A due root
/// rotation is the leader's too (<see cref="RotateAsync"/>): it replaces the secret guarded by its resourceVersion and
/// signs with the new root only once that write won; every replica then follows the secret as usual.
/// </summary>
public sealed class CaSecretSynchronizer
{
    private readonly KubeClient _client;
    private readonly CertificateAuthority _ca;
    private readonly LeaderWorkOptions _options;
    private readonly SelfSignedRootRotator? _rotator;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _loadedVersion;

    public CaSecretSynchronizer(
        KubeClient client,
        CertificateAuthority ca,
        LeaderWorkOptions options,
        ILogger<CaSecretSynchronizer>? logger = null,
        SelfSignedRootRotator? rotator = null,
        TimeProvider? time = null)
    {
        _client = client;
        _ca = ca;
        _options = options;
        _rotator = rotator;
        _time = time ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Completes once this replica signs with the CA from the secret.</summary>
    public Task Loaded => _loaded.Task;

    private string SecretName => $"{_options.Namespace}/{IstioCaSecret.Name}";

    /// <summary>Every replica: reads the secret until cancelled, quickly until it exists, then every period.</summary>
    public async Task FollowAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (await _client.GetAsync(KubeResourceTypes.Secrets, _options.Namespace, IstioCaSecret.Name, cancellationToken).ConfigureAwait(false) is { } secret)
                {
                    Load(secret);
                }
            }
            catch (Exception e) when (IsTransient(e, cancellationToken))
            {
                Log.WriteFailed(_logger, $"reading {SecretName}", e.Message);
            }

            if (!await SleepAsync(Loaded.IsCompleted ? _options.Period : Min(_options.Period, TimeSpan.FromSeconds(1)), cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    /// <summary>The leader: creates the secret from this replica's CA whenever it is missing.</summary>
    public async Task LeadAsync(CancellationToken leading)
    {
        while (!leading.IsCancellationRequested)
        {
            try
            {
                var secret = await _client.GetAsync(KubeResourceTypes.Secrets, _options.Namespace, IstioCaSecret.Name, leading).ConfigureAwait(false);
                if (secret is null)
                {
                    try
                    {
                        secret = await _client.CreateAsync(KubeResourceTypes.Secrets, IstioCaSecret.ToSecret(_options.Namespace, _ca.ExportPem()), leading).ConfigureAwait(false);
                        Log.CaSecretCreated(_logger, SecretName, _ca.TrustBundle.Roots[0].Subject);
                    }
                    catch (KubeApiException e) when (e.IsAlreadyExists)
                    {
                        secret = await _client.GetAsync(KubeResourceTypes.Secrets, _options.Namespace, IstioCaSecret.Name, leading).ConfigureAwait(false);
                    }
                }

                if (secret is not null)
                {
                    Load(secret);
                }
            }
            catch (Exception e) when (IsTransient(e, leading))
            {
                Log.WriteFailed(_logger, $"creating {SecretName}", e.Message);
            }

            if (!await SleepAsync(Loaded.IsCompleted ? _options.Period : _options.RetryDelay, leading).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    /// <summary>
    /// The leader: once the shared CA is loaded, checks whether its root is due every check interval of the rotator,
    /// until leadership ends. Does nothing without a rotator or for a CA the rotator does not apply to.
    /// </summary>
    public async Task RotateAsync(CancellationToken leading)
    {
        if (_rotator is null || !_rotator.Options.Enabled)
        {
            return;
        }

        try
        {
            await Loaded.WaitAsync(leading).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        while (!leading.IsCancellationRequested)
        {
            try
            {
                await RotateIfDueAsync(leading).ConfigureAwait(false);
            }
            catch (Exception e) when (IsTransient(e, leading))
            {
                Log.WriteFailed(_logger, $"rotating the root in {SecretName}", e.Message);
            }

            try
            {
                await Task.Delay(_rotator.Options.CheckInterval, _time, leading).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// One leader check: reads the secret (a newer root written by another replica wins over ours), and when the root is
    /// due writes a rotated one with the read resourceVersion. On a conflict, someone else changed the secret meanwhile:
    /// it is re-read and followed, never overwritten. True when this call rotated the root.
    /// </summary>
    public async Task<bool> RotateIfDueAsync(CancellationToken cancellationToken)
    {
        if (_rotator is null)
        {
            return false;
        }

        var secret = await _client.GetAsync(KubeResourceTypes.Secrets, _options.Namespace, IstioCaSecret.Name, cancellationToken).ConfigureAwait(false);
        if (secret is null)
        {
            // LeadAsync creates it; rotating a root no other replica shares yet would only diverge.
            return false;
        }

        Load(secret);
        if (!_rotator.IsDue())
        {
            return false;
        }

        var old = _ca.Root;
        var rotated = _ca.CreateRotatedPem();
        var update = (JsonObject)secret.DeepClone();
        update["data"] = IstioCaSecret.ToSecret(_options.Namespace, rotated)["data"]!.DeepClone();
        update["type"] = IstioCaSecret.Type;
        JsonObject stored;
        try
        {
            stored = await _client.ReplaceAsync(KubeResourceTypes.Secrets, update, cancellationToken).ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.IsConflict || e.IsNotFound)
        {
            Log.CaSecretRotationLost(_logger, SecretName, e.Message);
            if (await _client.GetAsync(KubeResourceTypes.Secrets, _options.Namespace, IstioCaSecret.Name, cancellationToken).ConfigureAwait(false) is { } latest)
            {
                Load(latest);
            }

            return false;
        }

        Load(stored);
        _rotator.LogRotated(old, _ca.Root, $"secret {SecretName}");
        return true;
    }

    private void Load(JsonObject secret)
    {
        lock (_lock)
        {
            var version = KubeObjects.ResourceVersion(secret);
            if (version is not null && version == _loadedVersion)
            {
                return;
            }

            var pem = IstioCaSecret.Read(secret, out var problem);
            if (pem is null)
            {
                Log.CaSecretUnusable(_logger, SecretName, problem!);
                _loadedVersion = version;
                return;
            }

            try
            {
                var current = _ca.ExportPem();
                if (current.CaCertPem != pem.CaCertPem || current.RootCertPem != pem.RootCertPem)
                {
                    var previousRoot = _ca.Root;
                    _ca.UseSigningMaterial(pem, $"secret {SecretName}");

                    // A bundle that still holds our root is a rotation of the CA we share, not a different CA: workload
                    // certificates issued before keep verifying, and only the signing root changes.
                    if (previousRoot.Thumbprint != _ca.Root.Thumbprint && _ca.TrustBundle.Contains(previousRoot))
                    {
                        Log.CaSecretRootRotated(_logger, SecretName, previousRoot.Thumbprint, _ca.Root.Thumbprint, _ca.Root.NotAfter.ToUniversalTime(), _ca.TrustBundle.Roots.Count);
                    }
                    else
                    {
                        Log.CaSecretLoaded(_logger, SecretName, _ca.TrustBundle.Roots[0].Subject);
                    }
                }
            }
            catch (CaConfigurationException e)
            {
                Log.CaSecretUnusable(_logger, SecretName, e.Message);
                _loadedVersion = version;
                return;
            }

            _loadedVersion = version;
            _loaded.TrySetResult();
        }
    }

    /// <summary>Worth retrying: the API refused or was unreachable, or a credential (exec plugin, token file) failed for now.</summary>
    internal static bool IsTransient(Exception e, CancellationToken token) =>
        !token.IsCancellationRequested && e is KubeApiException or KubeConfigException or HttpRequestException or IOException or TimeoutException or FormatException or JsonException;

    internal static async Task<bool> SleepAsync(TimeSpan delay, CancellationToken token)
    {
        try
        {
            await Task.Delay(delay, token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
