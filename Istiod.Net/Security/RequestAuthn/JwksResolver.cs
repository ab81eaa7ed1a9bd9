using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Istiod.Net.Security.RequestAuthn;

/// <summary>
/// Fetches and caches the key sets behind <c>jwksUri</c>s so proxies get them inline and never call the
/// issuer themselves. Lookups never block: an unknown URI starts a background fetch and reads as
/// unavailable until it lands; <see cref="JwksChanged"/> then tells the push machinery to rebuild.
/// Entries are refreshed every <see cref="JwksResolverOptions.RefreshInterval"/>; a failed refresh keeps
/// the last good key set (a key rotation that briefly fails must not lock every user out).
/// </summary>
public sealed class JwksResolver : IJwksSource
{
    private readonly HttpClient _http;
    private readonly JwksResolverOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, JwksCacheEntry> _entries = new(StringComparer.Ordinal);
    // Never disposed: it has no wait handle to free, and a fetch still running at shutdown releases it.
    private readonly SemaphoreSlim _fetchSlots;

    public JwksResolver(HttpClient http, JwksResolverOptions? options = null, TimeProvider? time = null, ILogger<JwksResolver>? logger = null)
    {
        _http = http;
        _options = options ?? new JwksResolverOptions();
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger<JwksResolver>.Instance;
        _fetchSlots = new SemaphoreSlim(Math.Max(1, _options.MaxConcurrentFetches));
    }

    /// <summary>Raised with the URI after a fetch changed what <see cref="TryGetJwks"/> returns.</summary>
    public event Action<string>? JwksChanged;

    public int Count => _entries.Count;

    public string? TryGetJwks(string jwksUri)
    {
        var now = _time.GetUtcNow();
        var entry = _entries.GetOrAdd(jwksUri, _ => new JwksCacheEntry());
        entry.LastUsed = now;
        if (Due(entry, now))
        {
            StartFetch(jwksUri, entry);
        }

        EnforceBound();
        return entry.Jwks;
    }

    /// <summary>Fetches now unless a fresh copy is cached, waiting for the result; for warm-up and tests.</summary>
    public async Task<string?> ResolveAsync(string jwksUri, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var entry = _entries.GetOrAdd(jwksUri, _ => new JwksCacheEntry());
        entry.LastUsed = now;
        if (entry.Jwks is null || Due(entry, now))
        {
            await StartFetch(jwksUri, entry).WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        EnforceBound();
        return entry.Jwks;
    }

    /// <summary>Re-fetches every entry whose refresh is due and drops idle ones; call it periodically.</summary>
    public async Task RefreshDueAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var fetches = new List<Task>();
        foreach (var (uri, entry) in _entries)
        {
            if (now - entry.LastUsed > _options.IdleExpiry)
            {
                if (_entries.TryRemove(uri, out _))
                {
                    Log.JwksEvicted(_logger, uri);
                }

                continue;
            }

            if (Due(entry, now))
            {
                fetches.Add(StartFetch(uri, entry));
            }
        }

        await Task.WhenAll(fetches).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether the URI has a cache entry (fetched, failed or in flight).</summary>
    public bool Contains(string jwksUri) => _entries.ContainsKey(jwksUri);

    /// <summary>
    /// Marks URIs as still named by config. Listeners are cached, so generation may not ask for a key set for
    /// days; without this, idle expiry would drop keys that are still in force and the next generation would
    /// refuse tokens until a new fetch lands.
    /// </summary>
    public void KeepAlive(IEnumerable<string> jwksUris)
    {
        var now = _time.GetUtcNow();
        foreach (var uri in jwksUris)
        {
            if (_entries.TryGetValue(uri, out var entry))
            {
                entry.LastUsed = now;
            }
        }
    }

    /// <summary>The last fetch error for a URI, if its last attempt failed.</summary>
    public string? LastError(string jwksUri) => _entries.TryGetValue(jwksUri, out var entry) ? entry.LastError : null;

    private bool Due(JwksCacheEntry entry, DateTimeOffset now)
    {
        if (entry.Fetching is { IsCompleted: false })
        {
            return false;
        }

        if (entry.LastAttempt == default)
        {
            return true;
        }

        var wait = entry.LastError is null ? _options.RefreshInterval : _options.RetryInterval;
        return now - entry.LastAttempt >= wait;
    }

    private Task StartFetch(string uri, JwksCacheEntry entry)
    {
        lock (entry)
        {
            if (entry.Fetching is { IsCompleted: false } running)
            {
                return running;
            }

            entry.LastAttempt = _time.GetUtcNow();
            return entry.Fetching = FetchAsync(uri, entry);
        }
    }

    private async Task FetchAsync(string uri, JwksCacheEntry entry)
    {
        string? jwks = null;
        string? error = null;
        await _fetchSlots.WaitAsync().ConfigureAwait(false);
        try
        {
            using var timeout = new CancellationTokenSource(_options.FetchTimeout);
            using var response = await _http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                error = $"HTTP {(int)response.StatusCode}";
            }
            else if (response.Content.Headers.ContentLength > _options.MaxJwksBytes)
            {
                error = $"response of {response.Content.Headers.ContentLength} bytes exceeds {_options.MaxJwksBytes}";
            }
            else
            {
                var body = await ReadBoundedAsync(response.Content, timeout.Token).ConfigureAwait(false);
                error = body is null ? $"response exceeds {_options.MaxJwksBytes} bytes" : JwksProblem(body);
                jwks = error is null ? body : null;
            }
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or InvalidOperationException or IOException
            or UriFormatException or NotSupportedException or ArgumentException)
        {
            // A malformed or non-HTTP URI fails like an unreachable one: logged, and the issuer's tokens refused.
            error = e is OperationCanceledException ? $"no answer within {_options.FetchTimeout.TotalSeconds:0.#}s" : e.Message;
        }
        finally
        {
            _fetchSlots.Release();
        }

        var changed = false;
        lock (entry)
        {
            if (jwks is not null)
            {
                changed = jwks != entry.Jwks;
                entry.Jwks = jwks;
                entry.FetchedAt = _time.GetUtcNow();
                entry.LastError = null;
            }
            else
            {
                entry.LastError = error;
            }
        }

        if (jwks is not null)
        {
            Log.JwksFetched(_logger, uri, jwks.Length);
        }
        else
        {
            Log.JwksFetchFailed(_logger, uri, error ?? "unknown error");
        }

        if (changed)
        {
            JwksChanged?.Invoke(uri);
        }
    }

    private async Task<string?> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > _options.MaxJwksBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Null when the text is a JWKS (an object with a non-empty "keys" array), else why not.</summary>
    public static string? JwksProblem(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("keys", out var keys)
                && keys.ValueKind == JsonValueKind.Array
                && keys.GetArrayLength() > 0
                ? null
                : "not a JWKS: no \"keys\" array";
        }
        catch (JsonException e)
        {
            return $"not JSON: {e.Message}";
        }
    }

    /// <summary>Past the bound, the least recently used entries go first.</summary>
    private void EnforceBound()
    {
        var excess = _entries.Count - _options.MaxEntries;
        if (excess <= 0)
        {
            return;
        }

        foreach (var (uri, _) in _entries.OrderBy(e => e.Value.LastUsed).Take(excess).ToArray())
        {
            if (_entries.TryRemove(uri, out _))
            {
                Log.JwksEvicted(_logger, uri);
            }
        }
    }
}
