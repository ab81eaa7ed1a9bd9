using System.Net;
using System.Net.Sockets;

namespace Istiod.Net.Load.Running;

/// <summary>
/// Keeps the load on this machine: a target must be a loopback address, or a name that resolves only to
/// loopback addresses, unless the user explicitly allows remote targets.
/// </summary>
public static class LoopbackGuard
{
    /// <summary>An error message for a target that is not loopback, or <c>null</c> when it may be used.</summary>
    public static async Task<string?> CheckAsync(Uri target, string option, bool allowRemote, CancellationToken cancellation)
    {
        if (allowRemote)
        {
            return null;
        }

        var host = target.IdnHost;
        IPAddress[] addresses;
        if (IPAddress.TryParse(host, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await Dns.GetHostAddressesAsync(host, cancellation).ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                return $"{option} {target}: cannot resolve '{host}': {e.Message}";
            }
        }

        return addresses.Length > 0 && addresses.All(IPAddress.IsLoopback)
            ? null
            : $"{option} {target}: '{host}' is not a loopback address; load goes only to this machine unless --allow-remote is given";
    }
}
