using Microsoft.Extensions.Logging;

namespace Istiod.Net.Security.Sds;

/// <summary>SDS certificate store log events (ids 5060-5069). Keys are never logged.</summary>
internal static partial class Log
{
    [LoggerMessage(5060, LogLevel.Information, "SDS: generated a key and certificate for {Identity}: serial {Serial}, valid until {NotAfter:O}, renewed at {RenewAt:O}")]
    public static partial void WorkloadCertificateIssued(ILogger logger, string identity, string serial, DateTimeOffset notAfter, DateTimeOffset renewAt);

    [LoggerMessage(5061, LogLevel.Information, "SDS: certificate serial {Serial} of {Identity} reached its renewal time; pushing its proxies a new one")]
    public static partial void WorkloadCertificateRenewalDue(ILogger logger, string identity, string serial);

    [LoggerMessage(5062, LogLevel.Error, "SDS: pushing the renewed certificate of {Identity} failed")]
    public static partial void RenewalHandlerFailed(ILogger logger, Exception exception, string identity);
}
