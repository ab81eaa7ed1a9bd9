using Microsoft.Extensions.Logging;

namespace Istiod.Net.Registry.Kube;

/// <summary>The Kubernetes registry's log messages. Event ids 2400-2419.</summary>
internal static partial class Log
{
    [LoggerMessage(2400, LogLevel.Information, "Kubernetes registry synced: {Services} service(s), {Instances} endpoint(s)")]
    public static partial void Synced(ILogger logger, int services, int instances);

    [LoggerMessage(2401, LogLevel.Debug, "Kubernetes registry: {Service} changed ({What})")]
    public static partial void ServiceChanged(ILogger logger, string service, string what);

    [LoggerMessage(2402, LogLevel.Warning, "Kubernetes registry: a change handler failed")]
    public static partial void HandlerFailed(ILogger logger, Exception exception);
}
