using Microsoft.Extensions.Logging;

namespace Istiod.Net.Security.Kube;

/// <summary>Log messages of the CA secret, root-cert publisher and webhook patcher. Event ids 2500-2529.</summary>
internal static partial class Log
{
    [LoggerMessage(2500, LogLevel.Information, "Created {Secret} from this replica's CA (root {Root})")]
    public static partial void CaSecretCreated(ILogger logger, string secret, string root);

    [LoggerMessage(2501, LogLevel.Information, "Signing with the CA from {Secret} (root {Root})")]
    public static partial void CaSecretLoaded(ILogger logger, string secret, string root);

    [LoggerMessage(2502, LogLevel.Error, "{Secret} cannot be used: {Problem}; keeping the CA in use")]
    public static partial void CaSecretUnusable(ILogger logger, string secret, string problem);

    [LoggerMessage(2503, LogLevel.Warning, "{What} failed: {Error}; retrying")]
    public static partial void WriteFailed(ILogger logger, string what, string error);

    [LoggerMessage(2504, LogLevel.Warning, "{Secret} changed while this leader rotated the root ({Error}); following the secret instead of overwriting it")]
    public static partial void CaSecretRotationLost(ILogger logger, string secret, string error);

    [LoggerMessage(2505, LogLevel.Warning, "{Secret} carries a rotated root: signing with {NewThumbprint} (valid until {NotAfter:O}) instead of {OldThumbprint}, which stays trusted; the bundle holds {RootCount} root(s)")]
    public static partial void CaSecretRootRotated(ILogger logger, string secret, string oldThumbprint, string newThumbprint, DateTime notAfter, int rootCount);

    [LoggerMessage(2510, LogLevel.Information, "{ConfigMap} in {Namespace}: {Action}")]
    public static partial void RootCertPublished(ILogger logger, string configMap, string @namespace, string action);

    [LoggerMessage(2520, LogLevel.Information, "{Kind} {Name}: caBundle updated")]
    public static partial void CaBundlePatched(ILogger logger, string kind, string name);

    [LoggerMessage(2521, LogLevel.Information, "{Name}: an invalid object was denied by the webhook; failurePolicy set to Fail")]
    public static partial void FailurePolicySwitched(ILogger logger, string name);

    [LoggerMessage(2522, LogLevel.Debug, "{Name}: the dry run of an invalid object was not denied yet ({Outcome}); failurePolicy stays as it is")]
    public static partial void NotDeniedYet(ILogger logger, string name, string outcome);

    [LoggerMessage(2523, LogLevel.Debug, "{Kind} {Name} does not exist yet")]
    public static partial void WebhookConfigMissing(ILogger logger, string kind, string name);
}
