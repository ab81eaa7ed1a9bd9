using Microsoft.AspNetCore.Connections;

namespace Istiod.Net.Xds.Protocol;

/// <summary>
/// Whether a failure of an xDS stream is the peer going away (reset stream, closed or aborted connection).
/// That is routine for proxies (restarts, scale-down, network blips): logged as a disconnect, never as a
/// server error with a stack trace.
/// </summary>
internal static class ClientDisconnect
{
    public static bool Is(Exception exception)
    {
        for (var e = (Exception?)exception; e is not null; e = e.InnerException)
        {
            // ConnectionResetException is an IOException; a reset HTTP/2 stream surfaces as one too.
            if (e is IOException or ConnectionAbortedException)
            {
                return true;
            }
        }

        return false;
    }
}
