using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Istiod.Net.Security.Authentication;

/// <summary>
/// The file-mode token reviewer: tokens and their identities come from a token file (see
/// <see cref="TokenFileParser"/>). A token is accepted only before its expiry and only for an audience it
/// lists. The file is re-read when it changes; a broken edit is logged and the last good contents kept.
/// </summary>
public sealed class FileTokenReviewer : ITokenReviewer
{
    private readonly string _path;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _reload = new();
    private volatile Snapshot _snapshot;

    /// <exception cref="TokenFileException">The file is missing or invalid.</exception>
    public FileTokenReviewer(string path, ILogger<FileTokenReviewer>? logger = null, TimeProvider? time = null)
    {
        _path = Path.GetFullPath(path);
        _time = time ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _snapshot = Load();
        Log.TokenFileLoaded(_logger, _path, _snapshot.Entries.Count);
    }

    public int Count => _snapshot.Entries.Count;

    public Task<TokenReviewResult> ReviewAsync(string token, IReadOnlyList<string> audiences, CancellationToken cancellationToken)
    {
        ReloadIfChanged();

        // Looked up by hash: the dictionary holds no token, and the lookup does not compare token bytes.
        if (!_snapshot.Entries.TryGetValue(TokenFileParser.Hash(token), out var entry))
        {
            return Task.FromResult(TokenReviewResult.Invalid("the token is unknown."));
        }

        if (entry.Expiry is { } expiry && expiry <= _time.GetUtcNow())
        {
            return Task.FromResult(TokenReviewResult.Invalid($"the token expired at {expiry.UtcDateTime:O}."));
        }

        // As TokenReview does: the token is valid only for the requested audiences it was issued for.
        var matched = audiences.Intersect(entry.Audiences, StringComparer.Ordinal).ToList();
        if (matched.Count == 0)
        {
            return Task.FromResult(TokenReviewResult.Invalid($"the token is not valid for audience(s) {string.Join(", ", audiences)}."));
        }

        return Task.FromResult(TokenReviewResult.Valid(entry.Namespace, entry.ServiceAccount, matched));
    }

    private void ReloadIfChanged()
    {
        var stamp = Stamp();
        if (stamp == _snapshot.Stamp)
        {
            return;
        }

        lock (_reload)
        {
            if (Stamp() == _snapshot.Stamp)
            {
                return;
            }

            try
            {
                _snapshot = Load();
                Log.TokenFileLoaded(_logger, _path, _snapshot.Entries.Count);
            }
            catch (TokenFileException e)
            {
                // Remember the bad stamp so a broken file is reported once, not on every call.
                _snapshot = _snapshot with { Stamp = stamp };
                Log.TokenFileReloadFailed(_logger, _path, e.Message);
            }
        }
    }

    private Snapshot Load()
    {
        var stamp = Stamp();
        string text;
        try
        {
            text = File.ReadAllText(_path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TokenFileException($"{_path}: cannot read the token file: {e.Message}", e);
        }

        return new Snapshot(TokenFileParser.Parse(text, _path), stamp);
    }

    private (DateTime, long) Stamp()
    {
        var info = new FileInfo(_path);
        return info.Exists ? (info.LastWriteTimeUtc, info.Length) : (DateTime.MinValue, -1);
    }

    private sealed record Snapshot(IReadOnlyDictionary<string, TokenFileEntry> Entries, (DateTime, long) Stamp);
}
