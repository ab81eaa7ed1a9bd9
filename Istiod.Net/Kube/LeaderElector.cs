using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Istiod.Net.Kube;

/// <summary>
/// Lease-based leader election (coordination.k8s.io/v1). Replicas race to write their identity into one Lease
/// with optimistic concurrency (resourceVersion), so at most one write wins; the winner renews, the others
/// watch for the lease to go stale. <see cref="OnStartedLeading"/> receives a token cancelled when leadership
/// ends, whether lost (conflict, missed renewals) or given up on shutdown.
/// </summary>
public sealed class LeaderElector
{
    private readonly KubeClient _client;
    private readonly LeaderElectionOptions _options;
    private readonly ILogger _logger;
    private readonly Random _random;
    private string? _observedVersion;
    private long _observedAt;
    private volatile string? _holder;
    private volatile bool _leading;

    public LeaderElector(KubeClient client, LeaderElectionOptions options, ILogger<LeaderElector>? logger = null)
    {
        options.Check();
        _client = client;
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _random = options.Random ?? Random.Shared;
    }

    /// <summary>Runs while this replica leads; its token is cancelled when leadership ends.</summary>
    public Func<CancellationToken, Task>? OnStartedLeading { get; init; }

    /// <summary>Called after leadership ended and <see cref="OnStartedLeading"/> has returned.</summary>
    public Action? OnStoppedLeading { get; init; }

    public bool IsLeader => _leading;

    /// <summary>The holder the lease named when last read; null before the first read or when released.</summary>
    public string? CurrentHolder => _holder;

    public string Identity => _options.Identity;

    private string LeaseName => $"{_options.Namespace}/{_options.LeaseName}";

    /// <summary>Competes, leads, and competes again after losing, until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            if (!await AcquireAsync(cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            await LeadAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<bool> AcquireAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            if (await TryAcquireOrRenewAsync(cancellationToken).ConfigureAwait(false) == LeaseAttempt.Acquired)
            {
                return true;
            }

            if (!await SleepAsync(Jittered(_options.RetryPeriod), cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }

        return false;
    }

    private async Task LeadAsync(CancellationToken cancellationToken)
    {
        using var leading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _leading = true;
        KubeLog.StartedLeading(_logger, LeaseName, _options.Identity);
        var work = Task.Run(() => RunCallbackAsync(leading.Token), CancellationToken.None);

        var why = "shutting down";
        var lastRenewal = Stopwatch.StartNew();
        while (await SleepAsync(_options.RetryPeriod, cancellationToken).ConfigureAwait(false))
        {
            var attempt = await TryAcquireOrRenewAsync(cancellationToken).ConfigureAwait(false);
            if (attempt == LeaseAttempt.Acquired)
            {
                lastRenewal.Restart();
                continue;
            }

            if (attempt == LeaseAttempt.HeldByOther)
            {
                why = $"lease taken by {_holder}";
                break;
            }

            if (lastRenewal.Elapsed >= _options.RenewDeadline)
            {
                why = $"no renewal for {_options.RenewDeadline.TotalSeconds:0.#}s";
                break;
            }
        }

        // Stop the leader's work before anyone else can take over: once released, another replica may start.
        _leading = false;
        await leading.CancelAsync().ConfigureAwait(false);
        await work.ConfigureAwait(false);
        if (cancellationToken.IsCancellationRequested && _options.ReleaseOnCancel)
        {
            await ReleaseAsync().ConfigureAwait(false);
        }

        KubeLog.StoppedLeading(_logger, LeaseName, _options.Identity, why);
        try
        {
            OnStoppedLeading?.Invoke();
        }
        catch (Exception e)
        {
            KubeLog.CallbackFailed(_logger, e, LeaseName, _options.Identity);
        }
    }

    private async Task RunCallbackAsync(CancellationToken leading)
    {
        if (OnStartedLeading is null)
        {
            return;
        }

        try
        {
            await OnStartedLeading(leading).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (leading.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            KubeLog.CallbackFailed(_logger, e, LeaseName, _options.Identity);
        }
    }

    private async Task<LeaseAttempt> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        var leases = KubeResourceTypes.Leases;
        try
        {
            var lease = await _client.GetAsync(leases, _options.Namespace, _options.LeaseName, cancellationToken).ConfigureAwait(false);
            var now = MicroTime(DateTimeOffset.UtcNow);
            if (lease is null)
            {
                var created = await _client.CreateAsync(leases, NewLease(now), cancellationToken).ConfigureAwait(false);
                Observe(created);
                return LeaseAttempt.Acquired;
            }

            Observe(lease);
            var spec = lease["spec"] as JsonObject ?? [];
            var holder = Text(spec["holderIdentity"]);
            var mine = holder == _options.Identity;
            if (!string.IsNullOrEmpty(holder) && !mine && !Expired(spec))
            {
                return LeaseAttempt.HeldByOther;
            }

            var transitions = spec["leaseTransitions"] is JsonValue t && t.TryGetValue<int>(out var n) ? n : 0;
            lease["spec"] = new JsonObject
            {
                ["holderIdentity"] = _options.Identity,
                ["leaseDurationSeconds"] = DurationSeconds,
                ["acquireTime"] = mine && spec["acquireTime"] is JsonNode acquired ? acquired.DeepClone() : JsonValue.Create(now),
                ["renewTime"] = now,
                ["leaseTransitions"] = mine ? transitions : transitions + 1,
            };
            var updated = await _client.ReplaceAsync(leases, lease, cancellationToken).ConfigureAwait(false);
            Observe(updated);
            return LeaseAttempt.Acquired;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return LeaseAttempt.Failed;
        }
        catch (Exception e) when (e is KubeApiException or KubeConfigException or HttpRequestException or IOException or TimeoutException or FormatException or JsonException)
        {
            KubeLog.AttemptFailed(_logger, LeaseName, _options.Identity, e.Message);
            return LeaseAttempt.Failed;
        }
    }

    private async Task ReleaseAsync()
    {
        // Shutdown is under way: give the release its own deadline rather than the cancelled token.
        using var deadline = new CancellationTokenSource(_client.Options.RequestTimeout);
        try
        {
            var lease = await _client.GetAsync(KubeResourceTypes.Leases, _options.Namespace, _options.LeaseName, deadline.Token).ConfigureAwait(false);
            if (lease?["spec"] is not JsonObject spec || Text(spec["holderIdentity"]) != _options.Identity)
            {
                return;
            }

            var now = MicroTime(DateTimeOffset.UtcNow);
            spec["holderIdentity"] = null;
            spec["leaseDurationSeconds"] = 1;
            spec["renewTime"] = now;
            spec["acquireTime"] = now;
            await _client.ReplaceAsync(KubeResourceTypes.Leases, lease, deadline.Token).ConfigureAwait(false);
            _holder = null;
        }
        catch (Exception e) when (e is KubeApiException or KubeConfigException or HttpRequestException or IOException or TimeoutException or OperationCanceledException or FormatException or JsonException)
        {
            KubeLog.AttemptFailed(_logger, LeaseName, _options.Identity, $"release: {e.Message}");
        }
    }

    /// <summary>Notes when the lease last changed, on this process's monotonic clock.</summary>
    private void Observe(JsonObject lease)
    {
        var version = KubeObjects.ResourceVersion(lease);
        if (version != _observedVersion)
        {
            _observedVersion = version;
            _observedAt = Stopwatch.GetTimestamp();
        }

        _holder = lease["spec"] is JsonObject spec ? Text(spec["holderIdentity"]) : null;
    }

    /// <summary>The holder's duration counted from when this process saw the lease change, not from its renewTime.</summary>
    private bool Expired(JsonObject spec)
    {
        var seconds = spec["leaseDurationSeconds"] is JsonValue d && d.TryGetValue<int>(out var s) ? s : DurationSeconds;
        return Stopwatch.GetElapsedTime(_observedAt) > TimeSpan.FromSeconds(seconds);
    }

    private int DurationSeconds => Math.Max(1, (int)Math.Ceiling(_options.LeaseDuration.TotalSeconds));

    private JsonObject NewLease(string now) => new()
    {
        ["apiVersion"] = KubeResourceTypes.Leases.ApiVersion,
        ["kind"] = KubeResourceTypes.Leases.Kind,
        ["metadata"] = new JsonObject { ["name"] = _options.LeaseName, ["namespace"] = _options.Namespace },
        ["spec"] = new JsonObject
        {
            ["holderIdentity"] = _options.Identity,
            ["leaseDurationSeconds"] = DurationSeconds,
            ["acquireTime"] = now,
            ["renewTime"] = now,
            ["leaseTransitions"] = 0,
        },
    };

    private TimeSpan Jittered(TimeSpan period) => period * (1 + _random.NextDouble() * 0.2);

    private static async Task<bool> SleepAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static string MicroTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
