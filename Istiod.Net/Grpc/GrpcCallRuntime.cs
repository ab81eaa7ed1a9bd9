using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Istiod.Net.Grpc;

/// <summary>What every registered method's call needs from the host: the log, shutdown, and connection ages.</summary>
internal sealed class GrpcCallRuntime(ILogger logger, CancellationToken serverStopping, GrpcConnectionAge? connectionAge)
{
    public ILogger Logger { get; } = logger;

    public CancellationToken ServerStopping { get; } = serverStopping;

    public GrpcCallScope Begin(ServerCallContext call, string method)
    {
        var http = call.GetHttpContext();
        var aged = connectionAge?.TokenFor(http.Connection.Id) ?? CancellationToken.None;
        return new GrpcCallScope(this, call, http, method, aged);
    }
}
