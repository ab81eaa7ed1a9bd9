using Microsoft.Extensions.Logging;

namespace Istiod.Net.Config.Store;

/// <summary>The store's log messages. Event ids 2100-2119.</summary>
internal static partial class Log
{
    [LoggerMessage(2100, LogLevel.Information, "Config version {Version}: {Changed} object(s) changed by source {Source} ({Total} in force, {Rejected} rejected document(s))")]
    public static partial void ConfigChanged(ILogger logger, long version, int changed, string source, int total, int rejected);

    [LoggerMessage(2101, LogLevel.Warning, "{Key} is defined by sources {Winner} and {Loser}; the most recent writer is in force")]
    public static partial void KeyConflict(ILogger logger, string key, string winner, string loser);

    [LoggerMessage(2102, LogLevel.Error, "A config change subscriber failed")]
    public static partial void SubscriberFailed(ILogger logger, Exception exception);

    [LoggerMessage(2103, LogLevel.Debug, "Source {Source} applied with no change to the config in force ({Rejected} rejected document(s))")]
    public static partial void NoChange(ILogger logger, string source, int rejected);
}
