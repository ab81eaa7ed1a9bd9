using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace Istiod.Net.Grpc;

/// <summary>
/// One call on the library, seen through the seam: builds the <see cref="GrpcCallContext"/> and turns what the
/// handler threw into the status the client gets.
/// </summary>
internal sealed class GrpcCallScope : IDisposable
{
    private static readonly HashSet<string> TransportHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "content-type", "content-length", "te", "host", "connection", "user-agent",
        "grpc-timeout", "grpc-encoding", "grpc-accept-encoding",
    };

    private readonly GrpcCallRuntime _runtime;
    private readonly ServerCallContext _call;
    private readonly CancellationToken _connectionAged;
    private readonly CancellationTokenSource _cancellation;
    private readonly CancellationTokenSource? _ownDeadline;

    public GrpcCallScope(GrpcCallRuntime runtime, ServerCallContext call, HttpContext http, string method, CancellationToken connectionAged)
    {
        _runtime = runtime;
        _call = call;
        _connectionAged = connectionAged;
        // The library cancels its token when the client goes or the deadline passes, but not at shutdown: without
        // ApplicationStopping here, Kestrel would wait its whole stop timeout for every idle ADS stream.
        var deadline = call.Deadline;
        _ownDeadline = OwnDeadline(http, ref deadline);
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(
            call.CancellationToken, runtime.ServerStopping, connectionAged, _ownDeadline?.Token ?? CancellationToken.None);
        Method = method;
        Context = CreateContext(http, method, deadline, _cancellation.Token);
    }

    public string Method { get; }

    public GrpcCallContext Context { get; }

    public RpcException ToRpcException(Exception exception)
    {
        switch (exception)
        {
            case RpcException rpc:
                Log.CallFailed(_runtime.Logger, Method, (GrpcStatusCode)rpc.StatusCode, rpc.Status.Detail);
                return rpc;
            case GrpcException grpc:
                Log.CallFailed(_runtime.Logger, Method, grpc.Status, grpc.Message);
                return new RpcException(new Status((StatusCode)grpc.Status, grpc.Message));
        }

        if (_ownDeadline?.IsCancellationRequested == true)
        {
            Log.DeadlineExceeded(_runtime.Logger, Method);
            return new RpcException(new Status(StatusCode.DeadlineExceeded, "The deadline passed before the call completed."));
        }

        if (_call.CancellationToken.IsCancellationRequested)
        {
            // The client went away or the deadline passed; for a deadline the library sends DEADLINE_EXCEEDED itself.
            Log.ClientCancelled(_runtime.Logger, Method);
            return new RpcException(new Status(StatusCode.Cancelled, "The call was cancelled."));
        }

        if (_connectionAged.IsCancellationRequested)
        {
            Log.ConnectionAged(_runtime.Logger, Method, Context.RemoteEndPoint?.ToString() ?? "unknown peer");
            return new RpcException(new Status(StatusCode.Unavailable, "The connection reached its maximum age; reconnect."));
        }

        if (_runtime.ServerStopping.IsCancellationRequested && exception is OperationCanceledException)
        {
            Log.ServerStopping(_runtime.Logger, Method);
            return new RpcException(new Status(StatusCode.Unavailable, "The server is shutting down."));
        }

        // The exception text may hold internals (paths, config, stack): it goes to the log, never to the peer.
        Log.HandlerFailed(_runtime.Logger, Method, GrpcStatusCode.Unknown, exception);
        return new RpcException(new Status(StatusCode.Unknown, "The server failed to handle the call; see the server log."));
    }

    /// <summary>
    /// A stream handler (ADS) that returns quietly when its token is cancelled would end with OK; at the connection's
    /// age the proxy gets UNAVAILABLE instead, the usual "reconnect" signal.
    /// </summary>
    public void ThrowIfConnectionAged()
    {
        if (_connectionAged.IsCancellationRequested && !_call.CancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(_connectionAged);
        }
    }

    public void Dispose()
    {
        _cancellation.Dispose();
        _ownDeadline?.Dispose();
    }

    /// <summary>
    /// The library ignores a <c>grpc-timeout</c> under 100 ns (<c>1n</c>: "invalid") and the call then runs with no
    /// deadline at all. The spec's meaning is "already expired": we keep a deadline of our own for those (rounded up
    /// to one tick), which ends the call with DEADLINE_EXCEEDED in the trailers.
    /// </summary>
    private static CancellationTokenSource? OwnDeadline(HttpContext http, ref DateTime deadline)
    {
        if (deadline != DateTime.MaxValue || !GrpcTimeout.TryParse(http.Request.Headers["grpc-timeout"].ToString(), out var timeout) ||
            timeout.TotalMilliseconds > uint.MaxValue - 1)
        {
            return null;
        }

        deadline = DateTime.UtcNow + timeout;
        return new CancellationTokenSource(timeout);
    }

    private static GrpcCallContext CreateContext(HttpContext http, string method, DateTime deadline, CancellationToken token)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in http.Request.Headers)
        {
            if (name.StartsWith(':') || TransportHeaders.Contains(name))
            {
                continue;
            }

            headers[name.ToLowerInvariant()] = values.ToString();
        }

        var connection = http.Connection;
        var isTls = http.Request.IsHttps;
        return new GrpcCallContext
        {
            Method = method,
            RequestHeaders = headers,
            CancellationToken = token,
            // The library reports "no deadline" as DateTime.MaxValue.
            Deadline = deadline == DateTime.MaxValue ? null : new DateTimeOffset(DateTime.SpecifyKind(deadline, DateTimeKind.Utc)),
            RemoteEndPoint = connection.RemoteIpAddress is { } address ? new System.Net.IPEndPoint(address, connection.RemotePort) : null,
            LocalPort = connection.LocalPort,
            IsTls = isTls,
            ClientCertificate = isTls ? connection.ClientCertificate : null,
            ConnectionId = connection.Id,
        };
    }
}
