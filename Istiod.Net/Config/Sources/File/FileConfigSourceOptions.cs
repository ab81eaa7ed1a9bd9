namespace Istiod.Net.Config.Sources.File;

/// <summary>Settings of the folder source (<c>--config-dir</c>).</summary>
public sealed record FileConfigSourceOptions
{
    /// <summary>The folder to load recursively.</summary>
    public required string Directory { get; init; }

    /// <summary>Quiet time after a change before reading: editors and <c>kubectl cp</c> write in several steps.</summary>
    public TimeSpan Debounce { get; init; } = TimeSpan.FromMilliseconds(150);

    /// <summary>Longest a stream of changes can hold a reload back.</summary>
    public TimeSpan MaxDebounce { get; init; } = TimeSpan.FromMilliseconds(600);

    /// <summary>
    /// How often the folder is rescanned (by mtime and size) even without watcher events. The watcher
    /// misses events on some file systems (network mounts, inotify limits reached), so this is the net.
    /// </summary>
    public TimeSpan RescanInterval { get; init; } = TimeSpan.FromSeconds(1);
}
