using Envoy.Config.Core.V3;
using Envoy.Service.Discovery.V3;
using Istiod.Net.Diagnostics;
using Istiod.Net.Grpc;
using Microsoft.Extensions.Logging;

namespace Istiod.Net.Xds.Protocol;

/// <summary>
/// envoy.service.discovery.v3.AggregatedDiscoveryService: both ADS methods (state of the world and delta)
/// on top of an <see cref="IXdsResourceProvider"/>, and the fan-out of the provider's pushes to the open
/// streams. One instance per process; register it with <see cref="Register"/>.
/// </summary>
public sealed class AdsService : IDisposable
{
    public const string ServiceName = "envoy.service.discovery.v3.AggregatedDiscoveryService";
    public const string StreamMethod = "/" + ServiceName + "/StreamAggregatedResources";
    public const string DeltaMethod = "/" + ServiceName + "/DeltaAggregatedResources";

    private readonly XdsStreamDependencies _dependencies;
    private readonly XdsConnectionRegistry _registry;
    private readonly IXdsStreamAuthenticator? _authenticator;

    /// <param name="authenticator">Proves stream identities; without one every stream is anonymous.</param>
    public AdsService(
        IXdsResourceProvider provider,
        XdsConnectionRegistry registry,
        IstiodMetrics metrics,
        ILogger<AdsService> logger,
        TimeProvider? time = null,
        IXdsStreamAuthenticator? authenticator = null)
    {
        _dependencies = new XdsStreamDependencies(provider, metrics, logger, time ?? TimeProvider.System);
        _registry = registry;
        _authenticator = authenticator;
        provider.Pushed += OnPushed;
    }

    /// <summary>Adds both ADS methods to a gRPC server.</summary>
    public IGrpcServiceBuilder Register(IGrpcServiceBuilder builder) => builder
        .AddDuplexStreaming<DiscoveryRequest, DiscoveryResponse>(StreamMethod, DiscoveryRequest.Parser, StreamAggregatedResourcesAsync)
        .AddDuplexStreaming<DeltaDiscoveryRequest, DeltaDiscoveryResponse>(DeltaMethod, DeltaDiscoveryRequest.Parser, DeltaAggregatedResourcesAsync);

    public Task StreamAggregatedResourcesAsync(
        IAsyncEnumerable<DiscoveryRequest> requests,
        IGrpcStreamWriter<DiscoveryResponse> responses,
        GrpcCallContext context) => ServeAsync(
            requests,
            context,
            XdsStreamProtocol.Sotw,
            request => request.Node,
            (core, token) => new SotwStream(core, responses, token));

    public Task DeltaAggregatedResourcesAsync(
        IAsyncEnumerable<DeltaDiscoveryRequest> requests,
        IGrpcStreamWriter<DeltaDiscoveryResponse> responses,
        GrpcCallContext context) => ServeAsync(
            requests,
            context,
            XdsStreamProtocol.Delta,
            request => request.Node,
            (core, token) => new DeltaStream(core, responses, token));

    public void Dispose() => _dependencies.Provider.Pushed -= OnPushed;

    private async Task ServeAsync<TRequest>(
        IAsyncEnumerable<TRequest> requests,
        GrpcCallContext context,
        XdsStreamProtocol protocol,
        Func<TRequest, Node?> nodeOf,
        Func<XdsStreamCore, CancellationToken, IXdsStreamHandler<TRequest>> createHandler)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        var enumerator = requests.GetAsyncEnumerator(stop.Token);
        var pumpOwnsEnumerator = false;
        try
        {
            if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
            {
                return;
            }

            var first = enumerator.Current;
            var node = nodeOf(first);
            if (node is null)
            {
                throw new GrpcException(GrpcStatusCode.InvalidArgument, "the first request on an xDS stream must carry a node");
            }

            var peerIdentity = await AuthenticateAsync(context, node).ConfigureAwait(false);
            var connection = Connect(node, context, protocol, peerIdentity);
            var started = _dependencies.Time.GetTimestamp();
            try
            {
                // An authenticated stream re-checks its credential before any later secret (finding 5a of issue 13).
                var recheck = peerIdentity is null || _authenticator is null
                    ? null
                    : (Func<Task<XdsStreamAuthentication>>)(() => _authenticator.AuthenticateAsync(context, node));
                var handler = createHandler(new XdsStreamCore(_dependencies, connection, recheck), stop.Token);
                await handler.HandleRequestAsync(first).ConfigureAwait(false);
                pumpOwnsEnumerator = true;
                await XdsStreamPump.RunAsync(enumerator, connection, handler, stop).ConfigureAwait(false);
            }
            catch (Exception exception) when (ClientDisconnect.Is(exception))
            {
                Log.ClientDisconnected(_dependencies.Logger, connection.ConnectionId, connection.Proxy.Id, exception.GetType().Name, exception.Message);
            }
            catch (Exception exception) when (exception is not GrpcException && !context.CancellationToken.IsCancellationRequested)
            {
                Log.StreamFailed(_dependencies.Logger, exception, connection.ConnectionId, connection.Proxy.Id);
                throw;
            }
            finally
            {
                Disconnect(connection, started);
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The client went away or the server is stopping: nothing to report to anyone.
        }
        catch (Exception exception) when (ClientDisconnect.Is(exception))
        {
            // Gone before its first request was read: no proxy to name yet.
            Log.ClientDisconnected(_dependencies.Logger, context.ConnectionId, "(no node yet)", exception.GetType().Name, exception.Message);
        }
        finally
        {
            if (!pumpOwnsEnumerator)
            {
                await enumerator.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The stream's proven identity, or null. A refused credential does not end the stream (the proxy may
    /// still get config that holds no secret); a credential that cannot be checked now does, so the client
    /// retries instead of running without its certificate until it happens to reconnect.
    /// </summary>
    private async Task<string?> AuthenticateAsync(GrpcCallContext context, Node node)
    {
        if (_authenticator is null)
        {
            return null;
        }

        var remote = context.RemoteEndPoint?.ToString();
        var result = await _authenticator.AuthenticateAsync(context, node).ConfigureAwait(false);
        switch (result.Outcome)
        {
            case XdsStreamAuthenticationOutcome.Authenticated:
                Log.StreamAuthenticated(_dependencies.Logger, node.Id, remote, result.Method, result.PeerIdentity);
                return result.PeerIdentity;
            case XdsStreamAuthenticationOutcome.Rejected:
                _dependencies.Metrics.XdsAuthenticationFailures.Add(1, new KeyValuePair<string, object?>("outcome", "rejected"));
                Log.StreamAuthenticationRejected(_dependencies.Logger, node.Id, remote, result.Reason);
                return null;
            case XdsStreamAuthenticationOutcome.Denied:
                _dependencies.Metrics.XdsAuthenticationFailures.Add(1, new KeyValuePair<string, object?>("outcome", "denied"));
                StreamIdentityLog.NodeIdentityDenied(_dependencies.Logger, Shorten(node.Id), remote, result.Method, result.Reason);
                throw new GrpcException(GrpcStatusCode.PermissionDenied, $"the node does not match the authenticated identity: {result.Reason}");
            case XdsStreamAuthenticationOutcome.Unavailable:
                _dependencies.Metrics.XdsAuthenticationFailures.Add(1, new KeyValuePair<string, object?>("outcome", "unavailable"));
                Log.StreamAuthenticationUnavailable(_dependencies.Logger, node.Id, remote, result.Reason);
                throw new GrpcException(GrpcStatusCode.Unavailable, $"the stream's credential could not be checked now, retry later: {result.Reason}");
            default:
                Log.StreamAnonymous(_dependencies.Logger, node.Id, remote, result.Reason);
                return null;
        }
    }

    /// <summary>Client text in a log line: bounded.</summary>
    private static string Shorten(string? text) => text is null ? "" : text.Length > 200 ? text[..200] + "..." : text;

    private XdsConnection Connect(Node node, GrpcCallContext context, XdsStreamProtocol protocol, string? peerIdentity)
    {
        var info = new XdsConnectionInfo(
            context.ConnectionId,
            context.RemoteEndPoint,
            context.LocalPort,
            context.IsTls,
            context.ClientCertificate,
            context.RequestHeaders)
        {
            PeerIdentity = peerIdentity,
        };
        IXdsProxy proxy;
        try
        {
            proxy = _dependencies.Provider.Connect(node, info);
        }
        catch (XdsRejectedException rejected)
        {
            Log.ConnectRejected(_dependencies.Logger, context.RemoteEndPoint?.ToString(), rejected.Message);
            throw new GrpcException(
                rejected.Unauthenticated ? GrpcStatusCode.Unauthenticated : GrpcStatusCode.InvalidArgument,
                rejected.Message);
        }

        var connection = new XdsConnection(
            _registry.NextConnectionId(proxy.Id),
            proxy,
            info,
            protocol,
            _dependencies.Time.GetUtcNow());
        _registry.Add(connection);
        _dependencies.Metrics.ConnectedProxies.Add(1);
        Log.Connected(_dependencies.Logger, protocol, connection.ConnectionId, proxy.Id, info.RemoteEndPoint?.ToString());
        return connection;
    }

    private void Disconnect(XdsConnection connection, long startedAt)
    {
        _registry.Remove(connection);
        _dependencies.Metrics.ConnectedProxies.Add(-1);
        try
        {
            _dependencies.Provider.Disconnect(connection.Proxy);
        }
        finally
        {
            Log.Disconnected(
                _dependencies.Logger,
                connection.ConnectionId,
                connection.Proxy.Id,
                _dependencies.Time.GetElapsedTime(startedAt).TotalSeconds);
        }
    }

    private void OnPushed(XdsPush push)
    {
        // A push that says nothing of its trigger (e.g. a certificate renewal) converges from now.
        var now = _dependencies.Time.GetUtcNow();
        push = push with { TriggeredAt = push.TriggeredAt ?? now, EnqueuedAt = now };
        foreach (var connection in _registry.Connections)
        {
            if (Affects(push, connection))
            {
                connection.EnqueuePush(Narrow(push, connection));
            }
        }
    }

    private XdsPush Narrow(XdsPush push, XdsConnection connection)
    {
        try
        {
            return push.TypesFor?.Invoke(connection.Proxy) is { } types ? push with { Types = types } : push;
        }
        catch (Exception exception)
        {
            Log.AffectsFailed(_dependencies.Logger, exception, push.Version, connection.Proxy.Id);
            return push;
        }
    }

    private bool Affects(XdsPush push, XdsConnection connection)
    {
        if (push.Affects is null)
        {
            return true;
        }

        try
        {
            return push.Affects(connection.Proxy);
        }
        catch (Exception exception)
        {
            // Better a needless push than a proxy left on stale config.
            Log.AffectsFailed(_dependencies.Logger, exception, push.Version, connection.Proxy.Id);
            return true;
        }
    }
}
