using Istiod.Net.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Istiod.Net.Security.CaApi;

/// <summary>CA API log events (ids 5040-5059): who asked and what was issued; never keys, tokens or CSRs.</summary>
internal static partial class Log
{
    [LoggerMessage(5040, LogLevel.Information, "CA API: {Remote} authenticated by {Method} as {Identity}; issued serial {Serial} valid until {NotAfter:O}")]
    private static partial void IssuedCore(ILogger logger, string remote, string method, string identity, string serial, DateTimeOffset notAfter);

    public static void Issued(ILogger logger, string remote, string method, string identity, string serial, DateTimeOffset notAfter) =>
        IssuedCore(logger, remote, method, LogText.Client(identity), serial, notAfter);

    [LoggerMessage(5041, LogLevel.Warning, "CA API: refused {Remote}: {Outcome}: {Reason}")]
    private static partial void AuthenticationFailedCore(ILogger logger, string remote, string outcome, string reason);

    public static void AuthenticationFailed(ILogger logger, string remote, string outcome, string reason) =>
        AuthenticationFailedCore(logger, remote, outcome, LogText.Client(reason, 1024));

    [LoggerMessage(5042, LogLevel.Warning, "CA API: refused a CSR from {Remote} ({Identity}): {Reason}")]
    private static partial void CsrRejectedCore(ILogger logger, string remote, string identity, string reason);

    public static void CsrRejected(ILogger logger, string remote, string identity, string reason) =>
        CsrRejectedCore(logger, remote, LogText.Client(identity), LogText.Client(reason, 1024));

    [LoggerMessage(5043, LogLevel.Warning, "CA API: refused a plaintext request from {Remote}; the CA answers over TLS only")]
    public static partial void PlaintextRefused(ILogger logger, string remote);

    [LoggerMessage(5044, LogLevel.Warning, "CA API: answering plaintext requests because the development option InsecureAllowPlaintextForDevelopment is on; bearer tokens cross the network in clear")]
    public static partial void PlaintextAllowed(ILogger logger);

    [LoggerMessage(5045, LogLevel.Error, "CA API: signing failed for {Identity}")]
    private static partial void SigningFailedCore(ILogger logger, string identity, Exception exception);

    public static void SigningFailed(ILogger logger, string identity, Exception exception) =>
        SigningFailedCore(logger, LogText.Client(identity), exception);
}
