using Microsoft.Extensions.Logging;

namespace Istiod.Net.Diagnostics;

/// <summary>Start-up and shutdown messages of the process. Event ids 1-99.</summary>
internal static partial class HostLog
{
    [LoggerMessage(1, LogLevel.Information, "istiod-net {Version} listening: xDS {XdsAddress} (plaintext), {SecureAddress} (TLS), monitoring {MonitoringAddress}, webhooks {WebhookAddress} (TLS)")]
    public static partial void Listening(ILogger logger, string version, string xdsAddress, string secureAddress, string monitoringAddress, string webhookAddress);

    [LoggerMessage(2, LogLevel.Information, "Reading config from folder {ConfigDir}")]
    public static partial void ConfigFolder(ILogger logger, string configDir);

    [LoggerMessage(3, LogLevel.Warning, "No config source given: serving an empty mesh. Pass --config-dir to load a folder of Istio YAML.")]
    public static partial void NoConfigSource(ILogger logger);

    [LoggerMessage(4, LogLevel.Information, "Ready: every start-up condition holds")]
    public static partial void Ready(ILogger logger);

    [LoggerMessage(5, LogLevel.Warning, "INSECURE: --dev-insecure-sds-on-plaintext is on. Streams on the plaintext xDS port get workload keys for whatever NAMESPACE and SERVICE_ACCOUNT their node metadata claims; anyone who reaches the port can impersonate any workload. Development only.")]
    public static partial void InsecureSdsOnPlaintext(ILogger logger);

    [LoggerMessage(6, LogLevel.Information, "Key set behind {Uri} changed: re-pushing what reads {Configs}")]
    private static partial void JwksChangedPushCore(ILogger logger, string uri, string configs);

    public static void JwksChangedPush(ILogger logger, string uri, string configs) =>
        JwksChangedPushCore(logger, LogText.Client(uri), LogText.Client(configs, 1024));

    [LoggerMessage(7, LogLevel.Error, "Requesting a push after the key set behind {Uri} changed failed")]
    private static partial void JwksPushFailedCore(ILogger logger, Exception exception, string uri);

    public static void JwksPushFailed(ILogger logger, Exception exception, string uri) =>
        JwksPushFailedCore(logger, exception, LogText.Client(uri));
}
