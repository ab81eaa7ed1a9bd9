using Microsoft.Extensions.Logging;

namespace Istiod.Net.Hosting;

/// <summary>Start and stop of the process (ids 9220-9229), so an operator sees why and when it went away.</summary>
internal static partial class LifecycleLog
{
    [LoggerMessage(9220, LogLevel.Information, "istiod-net shutting down: {Reason}")]
    public static partial void ShuttingDown(ILogger logger, string reason);

    [LoggerMessage(9221, LogLevel.Information, "istiod-net stopped after {Seconds:0.0} s of shutdown")]
    public static partial void Stopped(ILogger logger, double seconds);
}
