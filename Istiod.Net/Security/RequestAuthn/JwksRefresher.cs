using Istiod.Net.Config.Store;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Istiod.Net.Security.RequestAuthn;

/// <summary>
/// Keeps the JWKS cache in step with the config, so proxies get the keys inline as istiod gives them:
/// on every config change (and every <see cref="JwksRefresherOptions.CheckInterval"/>) it collects the
/// <c>jwksUri</c>s RequestAuthentications name, fetches the ones not cached yet, keeps the named ones from
/// idle expiry and runs the resolver's due refreshes. A fetch that lands or changes keys raises
/// <see cref="JwksResolver.JwksChanged"/>, which the host turns into a push. Failures are logged with their
/// URI (the issuer's tokens are refused meanwhile) and never stop the loop.
/// </summary>
public sealed class JwksRefresher : BackgroundService
{
    private readonly IConfigStore _store;
    private readonly JwksResolver _resolver;
    private readonly JwksRefresherOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _wake = new(0, 1);
    private int _cycles;

    public JwksRefresher(IConfigStore store, JwksResolver resolver, JwksRefresherOptions? options = null, TimeProvider? time = null, ILogger<JwksRefresher>? logger = null)
    {
        _store = store;
        _resolver = resolver;
        _options = options ?? new JwksRefresherOptions();
        _time = time ?? TimeProvider.System;
        _logger = logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger<JwksRefresher>.Instance;
    }

    /// <summary>Completed cycles, for tests and diagnostics.</summary>
    public int Cycles => Volatile.Read(ref _cycles);

    /// <summary>
    /// One cycle: fetch the URIs the current config names that the cache does not know, then the due refreshes.
    /// Returns when they are done; never throws but for cancellation.
    /// </summary>
    public async Task SyncAsync(CancellationToken cancellationToken)
    {
        var named = JwksUris.In(_store.Current).Keys.ToArray();
        _resolver.KeepAlive(named);
        var unknown = named.Where(u => !_resolver.Contains(u)).ToArray();
        if (unknown.Length > 0)
        {
            Log.FetchingNewJwks(_logger, unknown.Length, string.Join(", ", unknown));
        }

        // The resolver bounds how many of these run at once.
        await Task.WhenAll(unknown.Select(uri => ResolveAsync(uri, cancellationToken))).ConfigureAwait(false);
        try
        {
            await _resolver.RefreshDueAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.RefreshFailed(_logger, e);
        }

        Interlocked.Increment(ref _cycles);
    }

    public override void Dispose()
    {
        _store.Changed -= OnConfigChanged;
        _wake.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _store.Changed += OnConfigChanged;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SyncAsync(stoppingToken).ConfigureAwait(false);
                await WaitAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Never take the host down over a key set; try again on the next tick.
                Log.RefreshFailed(_logger, e);
            }
        }
    }

    private async Task ResolveAsync(string uri, CancellationToken cancellationToken)
    {
        try
        {
            await _resolver.ResolveAsync(uri, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.ResolveFailed(_logger, e, uri);
        }
    }

    /// <summary>Until a config change or the next tick, whichever comes first.</summary>
    private async Task WaitAsync(CancellationToken stoppingToken)
    {
        using var tick = new CancellationTokenSource(_options.CheckInterval, _time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, tick.Token);
        try
        {
            await _wake.WaitAsync(either.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // The tick.
        }
    }

    private void OnConfigChanged(ConfigChange change)
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken; the cycle reads the newest snapshot anyway.
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
