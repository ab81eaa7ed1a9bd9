using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Istiod.Net.Xds.Protocol;

/// <summary>Transport facts about a stream, for authenticating the proxy (later: SDS).</summary>
public sealed record XdsConnectionInfo(
    string ConnectionId,
    IPEndPoint? RemoteEndPoint,
    int LocalPort,
    bool IsTls,
    X509Certificate2? ClientCertificate,
    IReadOnlyDictionary<string, string> RequestHeaders)
{
    /// <summary>
    /// The SPIFFE id the stream proved (client certificate or bearer token), set by the transport when it
    /// authenticated the caller; null when it did not.
    /// </summary>
    public string? PeerIdentity { get; init; }
}
