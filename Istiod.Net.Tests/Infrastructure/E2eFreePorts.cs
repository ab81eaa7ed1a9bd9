using System.Net;
using System.Net.Sockets;

namespace Istiod.Net.Tests.Infrastructure;

/// <summary>Ports nobody listens on right now, for the processes an end-to-end test starts.</summary>
public static class E2eFreePorts
{
    /// <summary>
    /// Holds all listeners open until every port is chosen, so the same port is never handed
    /// out twice in one call.
    /// </summary>
    public static int[] Take(int count)
    {
        var listeners = new List<TcpListener>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
            }
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }
}
