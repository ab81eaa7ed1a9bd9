using System.Collections.Concurrent;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Istiod.Net.Grpc;

/// <summary>
/// A maximum age for gRPC connections (Istio's MaxServerConnectionAge, 30 minutes by default). Without it a proxy
/// stays on the replica it first reached forever, so new replicas get no load and a revoked credential keeps its
/// stream. At the age (jittered by up to -10% so connections made together do not all leave together) the
/// connection gets GOAWAY, so no new streams start on it, and the calls on it are ended with UNAVAILABLE, so the
/// proxy reconnects, and authenticates again, on a new connection.
/// </summary>
public sealed class GrpcConnectionAge(TimeSpan maxAge, ILogger? logger = null)
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _streams = new(StringComparer.Ordinal);
    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    public TimeSpan MaxAge { get; } = maxAge > TimeSpan.Zero
        ? maxAge
        : throw new ArgumentOutOfRangeException(nameof(maxAge), maxAge, "The maximum connection age must be positive.");

    /// <summary>Cancelled when the connection with this id reaches its age; none for an unknown connection.</summary>
    public CancellationToken TokenFor(string connectionId) =>
        _streams.TryGetValue(connectionId, out var streams) ? streams.Token : CancellationToken.None;

    /// <summary>Kestrel connection middleware: <c>listen.Use(next =&gt; c =&gt; age.OnConnectionAsync(c, next))</c>.</summary>
    public async Task OnConnectionAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(next);
        using var streams = new CancellationTokenSource();
        _streams[connection.ConnectionId] = streams;
        var age = MaxAge * (1 - (Random.Shared.NextDouble() * 0.1));
        using var timer = new Timer(_ => Expire(connection, streams, age), null, age, Timeout.InfiniteTimeSpan);
        try
        {
            await next(connection).ConfigureAwait(false);
        }
        finally
        {
            _streams.TryRemove(connection.ConnectionId, out _);
        }
    }

    private void Expire(ConnectionContext connection, CancellationTokenSource streams, TimeSpan age)
    {
        Log.ConnectionAgeReached(_logger, connection.ConnectionId, connection.RemoteEndPoint?.ToString() ?? "unknown peer", age);
        // GOAWAY first, so the client does not open new streams here while the old ones end.
        connection.Features.Get<IConnectionLifetimeNotificationFeature>()?.RequestClose();
        try
        {
            streams.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The connection closed in the meantime.
        }
    }
}
