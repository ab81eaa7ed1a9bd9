using System.Net;
using Istiod.Net.Grpc;
using Istiod.Net.Security.Authentication;
using Microsoft.AspNetCore.Http;

namespace Istiod.Net.Hosting;

/// <summary>
/// Who may read the monitoring port, as istiod decides it: <c>/ready</c> and <c>/metrics</c> are open to
/// anyone; everything else (<c>/debug/*</c>, and whatever is added later) is open to loopback callers, and
/// to others only with an xDS credential (a client certificate from our CA, or a bearer token for
/// istio-ca), checked by the same authenticators as the secure port, of an identity of the control plane's
/// namespace: every pod has a token, and the debug views show the whole mesh's config, so a workload of
/// another namespace is refused (403) even with a valid one.
/// </summary>
public sealed class DebugAccessGate
{
    private static readonly string[] OpenPaths = ["/ready", "/metrics"];

    private readonly AuthenticatorChain _authenticators;
    private readonly string _controlPlaneNamespace;
    private readonly Func<IPAddress?, bool> _isLocal;

    /// <param name="controlPlaneNamespace">The namespace whose identities may read the debug views remotely (istio-system).</param>
    /// <param name="isLocal">Whether a remote address needs no credential; loopback only unless a test says otherwise.</param>
    public DebugAccessGate(AuthenticatorChain authenticators, string controlPlaneNamespace, Func<IPAddress?, bool>? isLocal = null)
    {
        _authenticators = authenticators;
        _controlPlaneNamespace = controlPlaneNamespace;
        _isLocal = isLocal ?? IsLoopback;
    }

    /// <summary>127.0.0.0/8 and ::1, also when Kestrel reports an IPv4 address mapped into IPv6.</summary>
    public static bool IsLoopback(IPAddress? address) =>
        address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    /// <summary>Paths anyone may read: compared without case and trailing slash, as routing matches them.</summary>
    public static bool IsOpen(PathString path)
    {
        var value = (path.Value ?? "").TrimEnd('/');
        return OpenPaths.Any(open => string.Equals(value, open, StringComparison.OrdinalIgnoreCase));
    }

    public async Task<DebugAccessDecision> CheckAsync(HttpContext http)
    {
        if (IsOpen(http.Request.Path))
        {
            return DebugAccessDecision.Open;
        }

        if (_isLocal(http.Connection.RemoteIpAddress))
        {
            return DebugAccessDecision.Local;
        }

        var result = await _authenticators.AuthenticateAsync(CallOf(http)).ConfigureAwait(false);
        return result.Outcome switch
        {
            AuthenticationOutcome.Authenticated when result.Identity!.Namespace == _controlPlaneNamespace =>
                DebugAccessDecision.Authenticated(result.Identity.ToString()),
            AuthenticationOutcome.Authenticated => DebugAccessDecision.Forbidden(
                $"{result.Identity} may not read the debug views: only identities of namespace {_controlPlaneNamespace} may, or a loopback caller"),
            AuthenticationOutcome.Unavailable => DebugAccessDecision.Unavailable(result.Reason ?? "the credential could not be checked"),
            AuthenticationOutcome.Rejected => DebugAccessDecision.Denied(result.Reason ?? "the credential was refused"),
            _ => DebugAccessDecision.Denied("a caller that is not on loopback needs a client certificate or an authorization: Bearer token"),
        };
    }

    /// <summary>The HTTP request as the authenticators see a gRPC call: its headers, peer and client certificate.</summary>
    private static GrpcCallContext CallOf(HttpContext http) => new()
    {
        Method = http.Request.Path.Value ?? "",
        RequestHeaders = http.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal),
        CancellationToken = http.RequestAborted,
        RemoteEndPoint = http.Connection.RemoteIpAddress is { } ip ? new IPEndPoint(ip, http.Connection.RemotePort) : null,
        LocalPort = http.Connection.LocalPort,
        IsTls = http.Request.IsHttps,
        ClientCertificate = http.Connection.ClientCertificate,
        ConnectionId = http.Connection.Id,
    };
}
