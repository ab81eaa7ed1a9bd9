using Istiod.Net.Kube;
using Istiod.Net.Security.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TokenReviewResult = Istiod.Net.Security.Authentication.TokenReviewResult;

namespace Istiod.Net.Security.Kube;

/// <summary>
/// Checks a workload's bearer token with the API server (TokenReview for the asked audiences, istio-ca for the CA
/// API and SDS). Only service-account tokens pass: the user must be in the system:serviceaccounts group and named
/// system:serviceaccount:&lt;namespace&gt;:&lt;name&gt;, which becomes the identity. When the API server cannot
/// answer (down, or istiod lacks RBAC for tokenreviews) the result says so, so callers get UNAVAILABLE rather than a
/// verdict about the token.
/// </summary>
public sealed class KubeTokenReviewer(KubeClient client, ILogger<KubeTokenReviewer>? logger = null) : ITokenReviewer
{
    private const string ServiceAccountUserPrefix = "system:serviceaccount:";
    private const string ServiceAccountsGroup = "system:serviceaccounts";
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    public async Task<TokenReviewResult> ReviewAsync(string token, IReadOnlyList<string> audiences, CancellationToken cancellationToken)
    {
        Istiod.Net.Kube.TokenReviewResult review;
        try
        {
            review = await client.ReviewTokenAsync(token, audiences, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is KubeApiException or KubeConfigException or FormatException or HttpRequestException or TimeoutException)
        {
            // Never the token in the message: only what the API server or the transport said.
            KubeTokenReviewerLog.ReviewFailed(_logger, client.Config.Source, e.Message);
            return TokenReviewResult.CannotReview($"the API server did not answer the TokenReview: {e.Message}");
        }

        if (!review.Authenticated)
        {
            return TokenReviewResult.Invalid(review.Error ?? "the API server did not authenticate the token");
        }

        if (!review.Groups.Contains(ServiceAccountsGroup, StringComparer.Ordinal))
        {
            return TokenReviewResult.Invalid($"'{review.Username}' is not a service account (not in {ServiceAccountsGroup})");
        }

        if (ParseServiceAccount(review.Username) is not var (ns, serviceAccount))
        {
            return TokenReviewResult.Invalid($"'{review.Username}' is not of the form {ServiceAccountUserPrefix}<namespace>:<name>");
        }

        return TokenReviewResult.Valid(ns, serviceAccount, review.Audiences);
    }

    /// <summary>system:serviceaccount:&lt;namespace&gt;:&lt;name&gt; to its two parts; null for any other user name.</summary>
    public static (string Namespace, string ServiceAccount)? ParseServiceAccount(string? username)
    {
        if (username is null || !username.StartsWith(ServiceAccountUserPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = username[ServiceAccountUserPrefix.Length..].Split(':');
        return parts is [{ Length: > 0 } ns, { Length: > 0 } name] ? (ns, name) : null;
    }
}
