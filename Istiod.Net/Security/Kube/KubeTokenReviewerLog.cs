using Microsoft.Extensions.Logging;

namespace Istiod.Net.Security.Kube;

/// <summary>Messages of the Kubernetes token reviewer (event ids 9350-9399, shared with the Kubernetes client). Tokens are never logged.</summary>
internal static partial class KubeTokenReviewerLog
{
    [LoggerMessage(9350, LogLevel.Warning, "TokenReview against {Source} failed; callers get UNAVAILABLE: {Error}")]
    public static partial void ReviewFailed(ILogger logger, string source, string error);
}
