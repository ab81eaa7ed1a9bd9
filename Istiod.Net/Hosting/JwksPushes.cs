using Istiod.Net.Config.Store;
using Istiod.Net.Diagnostics;
using Istiod.Net.Push;
using Istiod.Net.Security.RequestAuthn;
using Microsoft.Extensions.Logging;

namespace Istiod.Net.Hosting;

/// <summary>
/// Turns "the key set behind a jwksUri changed" into a push of the RequestAuthentications that name it.
/// Not a full push: the push names those configs, so the change set carries the RequestAuthentication kind
/// and exactly the cached listeners whose jwt_authn filter read it are rebuilt (and re-sent), nothing else.
/// Create it once; dispose to unsubscribe.
/// </summary>
public sealed class JwksPushes : IDisposable
{
    public const string Reason = "jwks";

    private readonly JwksResolver _resolver;
    private readonly IConfigStore _store;
    private readonly PushCoordinator _pushes;
    private readonly ILogger _logger;

    public JwksPushes(JwksResolver resolver, IConfigStore store, PushCoordinator pushes, ILogger<JwksPushes> logger)
    {
        _resolver = resolver;
        _store = store;
        _pushes = pushes;
        _logger = logger;
        _resolver.JwksChanged += OnJwksChanged;
    }

    public void Dispose() => _resolver.JwksChanged -= OnJwksChanged;

    /// <summary>Raised on the fetching thread: must not throw.</summary>
    private void OnJwksChanged(string uri)
    {
        try
        {
            if (JwksUris.In(_store.Current).TryGetValue(uri, out var keys))
            {
                HostLog.JwksChangedPush(_logger, uri, string.Join(", ", keys.Select(k => $"{k.Namespace}/{k.Name}")));
                _pushes.RequestConfigPush(keys, Reason);
            }
        }
        catch (Exception e)
        {
            HostLog.JwksPushFailed(_logger, e, uri);
        }
    }
}
