using Microsoft.Extensions.Logging;

namespace Istiod.Net.Config.Sources.File;

/// <summary>The folder source's log messages. Event ids 2120-2139.</summary>
internal static partial class Log
{
    [LoggerMessage(2120, LogLevel.Information, "Loaded {Files} config file(s) from {Directory}: {Accepted} object(s), {Rejected} rejected document(s)")]
    public static partial void Loaded(ILogger logger, int files, string directory, int accepted, int rejected);

    [LoggerMessage(2121, LogLevel.Warning, "Rejected {File} document {Document}{Item} ({Kind} {ConfigNamespace}/{Name}): {Errors}")]
    public static partial void DocumentRejected(ILogger logger, string file, int document, string item, string kind, string configNamespace, string name, string errors);

    [LoggerMessage(2122, LogLevel.Warning, "Cannot read {File}: {Error}; its last good objects stay in force")]
    public static partial void FileUnreadable(ILogger logger, string file, string error);

    [LoggerMessage(2123, LogLevel.Information, "Skipped {File} document {Document}{Item}: {Message}")]
    public static partial void DocumentSkipped(ILogger logger, string file, int document, string item, string message);

    [LoggerMessage(2124, LogLevel.Warning, "{File} document {Document}{Item} ({Kind} {ConfigNamespace}/{Name}): {Warnings}")]
    public static partial void DocumentWarnings(ILogger logger, string file, int document, string item, string kind, string configNamespace, string name, string warnings);

    [LoggerMessage(2125, LogLevel.Error, "Config directory {Directory} does not exist or cannot be listed: {Error}")]
    public static partial void DirectoryUnavailable(ILogger logger, string directory, string error);

    [LoggerMessage(2126, LogLevel.Warning, "Cannot watch {Directory} for changes ({Error}); polling every {Interval}")]
    public static partial void WatcherUnavailable(ILogger logger, string directory, string error, TimeSpan interval);

    [LoggerMessage(2127, LogLevel.Debug, "File watcher error on {Directory}; rescanning")]
    public static partial void WatcherError(ILogger logger, string directory, Exception exception);

    [LoggerMessage(2128, LogLevel.Error, "Reloading {Directory} failed unexpectedly; will retry")]
    public static partial void ReloadFailed(ILogger logger, string directory, Exception exception);

    [LoggerMessage(2129, LogLevel.Information, "Config file {File} changed ({Change})")]
    public static partial void FileChanged(ILogger logger, string file, string change);
}
