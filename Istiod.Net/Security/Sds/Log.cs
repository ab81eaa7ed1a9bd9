using Istiod.Net.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Istiod.Net.Security.Sds;

/// <summary>SDS certificate store log events (ids 5060-5069). Keys are never logged.</summary>
internal static partial class Log
{
    [LoggerMessage(5060, LogLevel.Information, "SDS: generated a key and certificate for {Identity}: serial {Serial}, valid until {NotAfter:O}, renewed at {RenewAt:O}")]
    private static partial void WorkloadCertificateIssuedCore(ILogger logger, string identity, string serial, DateTimeOffset notAfter, DateTimeOffset renewAt);

    public static void WorkloadCertificateIssued(ILogger logger, string identity, string serial, DateTimeOffset notAfter, DateTimeOffset renewAt) =>
        WorkloadCertificateIssuedCore(logger, LogText.Client(identity), serial, notAfter, renewAt);

    [LoggerMessage(5061, LogLevel.Information, "SDS: certificate serial {Serial} of {Identity} reached its renewal time; pushing its proxies a new one")]
    private static partial void WorkloadCertificateRenewalDueCore(ILogger logger, string identity, string serial);

    public static void WorkloadCertificateRenewalDue(ILogger logger, string identity, string serial) =>
        WorkloadCertificateRenewalDueCore(logger, LogText.Client(identity), serial);

    [LoggerMessage(5062, LogLevel.Error, "SDS: pushing the renewed certificate of {Identity} failed")]
    private static partial void RenewalHandlerFailedCore(ILogger logger, Exception exception, string identity);

    public static void RenewalHandlerFailed(ILogger logger, Exception exception, string identity) =>
        RenewalHandlerFailedCore(logger, exception, LogText.Client(identity));
}
