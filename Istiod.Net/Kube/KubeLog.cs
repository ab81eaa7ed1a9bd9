using Microsoft.Extensions.Logging;

namespace Istiod.Net.Kube;

/// <summary>Messages of the Kubernetes client, informers and leader election. Event ids 600-699 and 9350-9399.</summary>
internal static partial class KubeLog
{
    [LoggerMessage(600, LogLevel.Debug, "{Operation} timed out after {Seconds}s")]
    public static partial void RequestTimedOut(ILogger logger, string operation, double seconds);

    [LoggerMessage(9351, LogLevel.Warning, "Kubernetes credentials from {Source} could not be obtained: {Error}")]
    public static partial void CredentialsFailed(ILogger logger, string source, string error);

    [LoggerMessage(610, LogLevel.Information, "Informer {Resource}: listed {Count} objects at resourceVersion {ResourceVersion}")]
    public static partial void Listed(ILogger logger, string resource, int count, string resourceVersion);

    [LoggerMessage(611, LogLevel.Information, "Informer {Resource}: resourceVersion {ResourceVersion} is too old, listing again")]
    public static partial void Relisting(ILogger logger, string resource, string? resourceVersion);

    [LoggerMessage(612, LogLevel.Warning, "Informer {Resource}: {Error}; retrying in {DelayMs} ms")]
    public static partial void Retrying(ILogger logger, string resource, string error, long delayMs);

    [LoggerMessage(613, LogLevel.Warning, "Informer {Resource}: a handler failed on {EventType} {Key}")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string resource, string eventType, string key);

    [LoggerMessage(614, LogLevel.Warning, "Informer {Resource}: skipped an object without a name")]
    public static partial void Nameless(ILogger logger, string resource);

    [LoggerMessage(615, LogLevel.Debug, "Informer {Resource}: not served ({Error}); stopping")]
    public static partial void NotServed(ILogger logger, string resource, string error);

    [LoggerMessage(620, LogLevel.Information, "Leader election {Lease}: {Identity} is now the leader")]
    public static partial void StartedLeading(ILogger logger, string lease, string identity);

    [LoggerMessage(621, LogLevel.Information, "Leader election {Lease}: {Identity} stopped leading ({Why})")]
    public static partial void StoppedLeading(ILogger logger, string lease, string identity, string why);

    [LoggerMessage(622, LogLevel.Debug, "Leader election {Lease}: {Identity} could not acquire or renew: {Error}")]
    public static partial void AttemptFailed(ILogger logger, string lease, string identity, string error);

    [LoggerMessage(623, LogLevel.Warning, "Leader election {Lease}: a leading callback of {Identity} failed")]
    public static partial void CallbackFailed(ILogger logger, Exception exception, string lease, string identity);
}
