using System.Security.Cryptography;
using System.Threading.Channels;
using Istiod.Net.Config.Parsing;
using Istiod.Net.Config.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Istiod.Net.Config.Sources.File;

/// <summary>
/// Loads every *.yaml, *.yml and *.json file under a folder (recursively) into the store and keeps
/// following it: a FileSystemWatcher says when to look, a periodic rescan by size and mtime catches
/// what the watcher misses, and a short debounce lets editors finish multi-step writes (truncate then
/// write, write a temporary file then rename it over). Names starting with '.' are ignored, which also
/// skips the <c>..data</c> folders of a mounted Kubernetes ConfigMap while following its symlinks.
/// </summary>
public sealed class FileConfigSource : IConfigSource, IAsyncDisposable
{
    private readonly FileConfigSourceOptions _options;
    private readonly ConfigParser _parser;
    private readonly ConfigStore _store;
    private readonly ILogger _logger;
    private readonly string _root;
    private readonly Channel<string> _signals = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource _firstLoad = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Dictionary<string, FileEntry> _files = new(StringComparer.Ordinal);
    private FileSystemWatcher? _watcher;
    private CancellationTokenSource? _stopping;
    private Task _loop = Task.CompletedTask;
    private bool _directoryProblemLogged;

    public FileConfigSource(FileConfigSourceOptions options, ConfigParser parser, ConfigStore store, ILogger<FileConfigSource>? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(options.Directory);
        _options = options;
        _parser = parser;
        _store = store;
        _logger = logger ?? NullLogger<FileConfigSource>.Instance;
        _root = options.Directory;
        Id = "file:" + Path.GetFullPath(options.Directory);
    }

    public string Id { get; }

    public Task FirstLoad => _firstLoad.Task;

    /// <summary>Reads the folder once (so the config is in the store when the host finishes starting), then follows it.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_stopping is not null)
        {
            return Task.CompletedTask;
        }

        _stopping = new CancellationTokenSource();
        // Watch before the first scan so nothing written in between is missed.
        TryStartWatcher();
        try
        {
            Scan(new HashSet<string>(), initial: true);
        }
        catch (Exception e)
        {
            Log.ReloadFailed(_logger, _root, e);
        }
        finally
        {
            _firstLoad.TrySetResult();
        }

        _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping is null)
        {
            return;
        }

        await _stopping.CancelAsync();
        _watcher?.Dispose();
        _watcher = null;
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        _stopping?.Dispose();
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var signaled = await WaitForSignalAsync(stopping);
                var dirty = new HashSet<string>(StringComparer.Ordinal);
                if (signaled)
                {
                    await DebounceAsync(dirty, stopping);
                }

                if (_watcher is null)
                {
                    TryStartWatcher();
                }

                Scan(dirty, initial: false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Log.ReloadFailed(_logger, _root, e);
            }
        }
    }

    private async Task<bool> WaitForSignalAsync(CancellationToken stopping)
    {
        if (_signals.Reader.TryPeek(out _))
        {
            return true;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(_options.RescanInterval);
        try
        {
            return await _signals.Reader.WaitToReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task DebounceAsync(HashSet<string> dirty, CancellationToken stopping)
    {
        var started = Environment.TickCount64;
        while (true)
        {
            Drain(dirty);
            await Task.Delay(_options.Debounce, stopping);
            if (!_signals.Reader.TryPeek(out _) || Environment.TickCount64 - started >= _options.MaxDebounce.TotalMilliseconds)
            {
                break;
            }
        }

        Drain(dirty);
    }

    private void Drain(HashSet<string> dirty)
    {
        while (_signals.Reader.TryRead(out var path))
        {
            dirty.Add(path);
        }
    }

    private void Scan(IReadOnlySet<string> dirty, bool initial)
    {
        if (!TryListFiles(out var paths))
        {
            // A folder that vanished or cannot be listed says nothing about the config: keep what is in force.
            if (initial)
            {
                _store.ApplySource(Id, []);
            }

            return;
        }

        var changed = initial;
        var recheck = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            seen.Add(path);
            var fileChanged = ReadFile(path, dirty.Contains(path), recheck);
            changed |= fileChanged;
        }

        foreach (var removed in _files.Keys.Where(p => !seen.Contains(p)).ToArray())
        {
            _files.Remove(removed);
            Log.FileChanged(_logger, removed, "removed");
            changed = true;
        }

        if (changed)
        {
            var documents = _files.OrderBy(f => f.Key, StringComparer.Ordinal).SelectMany(f => f.Value.Results).ToArray();
            _store.ApplySource(Id, documents);
            if (initial)
            {
                Log.Loaded(_logger, _files.Count, _root, documents.Count(d => d.Outcome == ParseOutcome.Accepted),
                    documents.Count(d => d.Outcome is ParseOutcome.Invalid or ParseOutcome.Unreadable));
            }
        }

        foreach (var path in recheck)
        {
            _signals.Writer.TryWrite(path);
        }
    }

    // True when the file's parse changed.
    private bool ReadFile(string path, bool forced, List<string> recheck)
    {
        _files.TryGetValue(path, out var old);
        if (!TryStat(path, out var length, out var lastWrite))
        {
            return false;
        }

        if (old is not null && !forced && !old.HeldEmpty && old.Length == length && old.LastWriteUtc == lastWrite)
        {
            return false;
        }

        byte[] bytes;
        try
        {
            bytes = ReadAllBytesShared(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var unreadable = new ParseResult
            {
                Source = path,
                DocumentIndex = 0,
                Outcome = ParseOutcome.Unreadable,
                Errors = [new Validation.ValidationMessage(string.Empty, $"cannot read file: {e.Message}")],
            };
            _files[path] = new FileEntry(length, lastWrite, null, [unreadable]);
            Report(path, [unreadable]);
            return true;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (old is not null && old.ContentHash == hash)
        {
            _files[path] = old with { Length = bytes.Length, LastWriteUtc = lastWrite, HeldEmpty = false };
            return false;
        }

        if (bytes.Length == 0 && old is { Length: > 0, HeldEmpty: false })
        {
            _files[path] = old with { HeldEmpty = true };
            recheck.Add(path);
            return false;
        }

        var results = _parser.ParseText(ConfigParser.DecodeText(bytes), path);
        _files[path] = new FileEntry(bytes.Length, lastWrite, hash, results);
        Log.FileChanged(_logger, path, old is null ? "added" : "modified");
        Report(path, results);
        return true;
    }

    private void Report(string path, IReadOnlyList<ParseResult> results)
    {
        foreach (var result in results)
        {
            var item = result.ItemIndex is { } i ? $" item {i}" : string.Empty;
            switch (result.Outcome)
            {
                case ParseOutcome.Unreadable:
                    Log.FileUnreadable(_logger, path, string.Join("; ", result.Errors));
                    break;
                case ParseOutcome.Invalid:
                    Log.DocumentRejected(_logger, path, result.DocumentIndex, item, result.Kind ?? "?", result.Namespace ?? "?", result.Name ?? "?",
                        string.Join("; ", result.Errors));
                    break;
                case ParseOutcome.Skipped:
                    Log.DocumentSkipped(_logger, path, result.DocumentIndex, item, string.Join("; ", result.Warnings));
                    break;
                case ParseOutcome.Accepted when result.Warnings.Count > 0:
                    Log.DocumentWarnings(_logger, path, result.DocumentIndex, item, result.Kind ?? "?", result.Namespace ?? "?", result.Name ?? "?",
                        string.Join("; ", result.Warnings));
                    break;
            }
        }
    }

    private bool TryListFiles(out List<string> paths)
    {
        paths = [];
        try
        {
            var options = new EnumerationOptions
            {
                RecurseSubdirectories = true,
                IgnoreInaccessible = true,
                AttributesToSkip = FileAttributes.Hidden | FileAttributes.System,
                ReturnSpecialDirectories = false,
            };
            foreach (var path in Directory.EnumerateFiles(_root, "*", options))
            {
                if (IsConfigFile(path))
                {
                    paths.Add(path);
                }
            }

            paths.Sort(StringComparer.Ordinal);
            _directoryProblemLogged = false;
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (!_directoryProblemLogged)
            {
                Log.DirectoryUnavailable(_logger, _root, e.Message);
                _directoryProblemLogged = true;
            }

            return false;
        }
    }

    private bool IsConfigFile(string path)
    {
        if (!ConfigParser.Extensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }

        var relative = Path.GetRelativePath(_root, path);
        return !relative.Split(Path.DirectorySeparatorChar).Any(segment => segment.StartsWith('.'));
    }

    private static bool TryStat(string path, out long length, out DateTime lastWrite)
    {
        length = 0;
        lastWrite = default;
        try
        {
            FileSystemInfo info = new FileInfo(path);
            // A symlink's own mtime does not move when its target is swapped (ConfigMap updates), so
            // look at what it points to.
            if (info.LinkTarget is not null)
            {
                info = info.ResolveLinkTarget(returnFinalTarget: true) ?? info;
            }

            if (!info.Exists)
            {
                return false;
            }

            length = info is FileInfo file ? file.Length : 0;
            lastWrite = info.LastWriteTimeUtc;
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static byte[] ReadAllBytesShared(string path)
    {
        // Another process may be writing the file right now; share everything rather than fail.
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    private void TryStartWatcher()
    {
        try
        {
            var watcher = new FileSystemWatcher(_root)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
            };
            watcher.Changed += (_, e) => _signals.Writer.TryWrite(e.FullPath);
            watcher.Created += (_, e) => _signals.Writer.TryWrite(e.FullPath);
            watcher.Deleted += (_, e) => _signals.Writer.TryWrite(e.FullPath);
            watcher.Renamed += (_, e) =>
            {
                _signals.Writer.TryWrite(e.OldFullPath);
                _signals.Writer.TryWrite(e.FullPath);
            };
            watcher.Error += (_, e) =>
            {
                Log.WatcherError(_logger, _root, e.GetException());
                _signals.Writer.TryWrite(_root);
            };
            watcher.EnableRaisingEvents = true;
            _watcher = watcher;
        }
        catch (Exception e) when (e is ArgumentException or IOException or PlatformNotSupportedException or UnauthorizedAccessException)
        {
            if (!_directoryProblemLogged)
            {
                Log.WatcherUnavailable(_logger, _root, e.Message, _options.RescanInterval);
            }
        }
    }
}
