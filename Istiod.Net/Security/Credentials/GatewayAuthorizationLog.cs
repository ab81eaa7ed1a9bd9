using Istiod.Net.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Istiod.Net.Security.Credentials;

/// <summary>Logs of gateway credential authorization. Event ids 9120-9129.</summary>
internal static partial class GatewayAuthorizationLog
{
    [LoggerMessage(EventId = 9120, Level = LogLevel.Warning,
        Message = "SubjectAccessReview for {Identity} reading secret {Namespace}/{Name} failed: {Error}")]
    private static partial void ReviewFailedCore(ILogger logger, string identity, string @namespace, string name, string error);

    public static void ReviewFailed(ILogger logger, string identity, string @namespace, string name, string error) =>
        ReviewFailedCore(logger, identity, @namespace, LogText.Client(name), LogText.Client(error, 1024));

    [LoggerMessage(EventId = 9121, Level = LogLevel.Warning,
        Message = "--credentials-dir is set but --gateway-service-accounts names no service account: no gateway gets a credential")]
    public static partial void NoGatewayServiceAccounts(ILogger logger);
}
