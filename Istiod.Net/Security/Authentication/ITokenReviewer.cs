namespace Istiod.Net.Security.Authentication;

/// <summary>
/// Checks a service-account bearer token. The Kubernetes implementation sends a TokenReview with
/// <paramref name="audiences"/>; the file implementation looks the token up in a token file.
/// </summary>
public interface ITokenReviewer
{
    Task<TokenReviewResult> ReviewAsync(string token, IReadOnlyList<string> audiences, CancellationToken cancellationToken);
}
