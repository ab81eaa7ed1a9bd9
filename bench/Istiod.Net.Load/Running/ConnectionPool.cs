using Grpc.Net.Client;

namespace Istiod.Net.Load.Running;

/// <summary>
/// The HTTP/2 connections a run's clients share: client <c>i</c> streams on connection
/// <c>i / streamsPerConnection</c>. Each connection is a Grpc.Net.Client channel over its own handler that never opens a
/// second connection, so the count is exactly what the settings say.
/// </summary>
public sealed class ConnectionPool : IDisposable
{
    private readonly GrpcChannel[] _channels;
    private readonly SocketsHttpHandler[] _handlers;
    private readonly int _streamsPerConnection;

    public ConnectionPool(Uri target, int clients, int streamsPerConnection)
    {
        _streamsPerConnection = streamsPerConnection;
        var count = (clients + streamsPerConnection - 1) / streamsPerConnection;
        _handlers = new SocketsHttpHandler[count];
        _channels = new GrpcChannel[count];
        for (var i = 0; i < count; i++)
        {
            _handlers[i] = new SocketsHttpHandler
            {
                EnableMultipleHttp2Connections = false,
                UseProxy = false,
                UseCookies = false,
                ConnectTimeout = TimeSpan.FromSeconds(10),
                // Large SotW responses to many streams at once: a bigger stream window saves round trips.
                InitialHttp2StreamWindowSize = 1024 * 1024,
            };
            _channels[i] = GrpcChannel.ForAddress(target, new GrpcChannelOptions
            {
                HttpHandler = _handlers[i],
                DisposeHttpClient = false,
                // SotW answers on a large mesh pass the library's 4 MB default; istiod sends up to 256 MiB.
                MaxReceiveMessageSize = 64 * 1024 * 1024,
            });
        }
    }

    public int Connections => _channels.Length;

    public GrpcChannel ChannelFor(int client) => _channels[client / _streamsPerConnection];

    public void Dispose()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }

        foreach (var handler in _handlers)
        {
            handler.Dispose();
        }
    }
}
