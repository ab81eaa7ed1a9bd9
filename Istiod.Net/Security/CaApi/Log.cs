using Microsoft.Extensions.Logging;

namespace Istiod.Net.Security.CaApi;

/// <summary>CA API log events (ids 5040-5059): who asked and what was issued; never keys, tokens or CSRs.</summary>
internal static partial class Log
{
    [LoggerMessage(5040, LogLevel.Information, "CA API: {Remote} authenticated by {Method} as {Identity}; issued serial {Serial} valid until {NotAfter:O}")]
    public static partial void Issued(ILogger logger, string remote, string method, string identity, string serial, DateTimeOffset notAfter);

    [LoggerMessage(5041, LogLevel.Warning, "CA API: refused {Remote}: {Outcome}: {Reason}")]
    public static partial void AuthenticationFailed(ILogger logger, string remote, string outcome, string reason);

    [LoggerMessage(5042, LogLevel.Warning, "CA API: refused a CSR from {Remote} ({Identity}): {Reason}")]
    public static partial void CsrRejected(ILogger logger, string remote, string identity, string reason);

    [LoggerMessage(5043, LogLevel.Warning, "CA API: refused a plaintext request from {Remote}; the CA answers over TLS only")]
    public static partial void PlaintextRefused(ILogger logger, string remote);

    [LoggerMessage(5044, LogLevel.Warning, "CA API: answering plaintext requests because the development option InsecureAllowPlaintextForDevelopment is on; bearer tokens cross the network in clear")]
    public static partial void PlaintextAllowed(ILogger logger);

    [LoggerMessage(5045, LogLevel.Error, "CA API: signing failed for {Identity}")]
    public static partial void SigningFailed(ILogger logger, string identity, Exception exception);
}
