using Istiod.Net.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Istiod.Net.Config.Sources.Kube;

/// <summary>The cluster config source's log messages. Event ids 2140-2159.</summary>
internal static partial class Log
{
    [LoggerMessage(2140, LogLevel.Information, "{Kind}: watching {ApiVersion} ({Plural})")]
    public static partial void Watching(ILogger logger, string kind, string apiVersion, string plural);

    [LoggerMessage(2141, LogLevel.Warning, "{Kind}: the API server serves none of {Versions} (is the CRD installed?); asking again every {Retry}")]
    public static partial void NotInstalled(ILogger logger, string kind, string versions, TimeSpan retry);

    [LoggerMessage(2142, LogLevel.Warning, "Rejected {Source}: {Errors}")]
    private static partial void RejectedCore(ILogger logger, string source, string errors);

    public static void Rejected(ILogger logger, string source, string errors) =>
        RejectedCore(logger, LogText.Client(source), LogText.Client(errors, 2048));

    [LoggerMessage(2143, LogLevel.Information, "{Source}: {Warnings}")]
    private static partial void WarningsCore(ILogger logger, string source, string warnings);

    public static void Warnings(ILogger logger, string source, string warnings) =>
        WarningsCore(logger, LogText.Client(source), LogText.Client(warnings, 2048));

    [LoggerMessage(2144, LogLevel.Warning, "{Kind}: cannot ask which versions are served ({Error}); retrying in {DelayMs} ms")]
    public static partial void ProbeFailed(ILogger logger, string kind, string error, long delayMs);

    [LoggerMessage(2145, LogLevel.Information, "Cluster config synced: {Objects} object(s) of {Kinds} kind(s), {Rejected} rejected")]
    public static partial void Synced(ILogger logger, int objects, int kinds, int rejected);

    [LoggerMessage(2146, LogLevel.Error, "Cluster config: updating the store failed; will retry on the next change")]
    public static partial void ApplyFailed(ILogger logger, Exception exception);

    [LoggerMessage(2147, LogLevel.Information, "Mesh config {ConfigMap}: {Change}")]
    public static partial void MeshConfigChanged(ILogger logger, string configMap, string change);

    [LoggerMessage(2148, LogLevel.Warning, "Mesh config {ConfigMap} has no key '{Key}'; treated as absent")]
    public static partial void MeshConfigKeyMissing(ILogger logger, string configMap, string key);
}
