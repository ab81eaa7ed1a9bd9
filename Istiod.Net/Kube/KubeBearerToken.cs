namespace Istiod.Net.Kube;

/// <summary>
/// A bearer token, fixed or read from a file. Projected service-account tokens are rotated by the kubelet
/// (about hourly) by swapping a symlinked directory, so the file is read again whenever the final target's
/// timestamp or size changes, and at least once a minute in case a swap keeps both.
/// </summary>
public sealed class KubeBearerToken
{
    private readonly Lock _lock = new();
    private readonly string? _fixed;
    private string? _cached;
    private DateTime _cachedWriteTime;
    private long _cachedLength = -1;
    private long _readAt;

    private KubeBearerToken(string? fixedToken, string? path)
    {
        _fixed = fixedToken;
        FilePath = path;
    }

    /// <summary>The file the token is read from, or null for a fixed token.</summary>
    public string? FilePath { get; }

    public static KubeBearerToken Fixed(string token) => new(token, null);

    public static KubeBearerToken FromFile(string path) => new(null, path);

    /// <summary>The token to send now; a file that cannot be read keeps the last token read from it.</summary>
    public string Current()
    {
        if (_fixed is not null)
        {
            return _fixed;
        }

        lock (_lock)
        {
            try
            {
                var info = new FileInfo(FilePath!);
                if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is FileInfo target)
                {
                    info = target;
                }

                var stale = Environment.TickCount64 - _readAt > 60_000;
                if (_cached is null || stale || info.LastWriteTimeUtc != _cachedWriteTime || info.Length != _cachedLength)
                {
                    var text = File.ReadAllText(FilePath!).Trim();
                    if (text.Length > 0 || _cached is null)
                    {
                        _cached = text;
                        _cachedWriteTime = info.LastWriteTimeUtc;
                        _cachedLength = info.Length;
                        _readAt = Environment.TickCount64;
                    }
                }
            }
            catch (IOException) when (_cached is not null)
            {
                // Rotation replaces the file through a symlink swap; a read racing it keeps the previous token.
            }
            catch (UnauthorizedAccessException) when (_cached is not null)
            {
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new KubeConfigException($"token file {FilePath}: {e.Message}", e);
            }

            return _cached!;
        }
    }
}
