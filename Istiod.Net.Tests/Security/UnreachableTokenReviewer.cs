using Istiod.Net.Security.Authentication;

namespace Istiod.Net.Tests.Security;

/// <summary>A reviewer whose backend (the API server) cannot be reached.</summary>
internal sealed class UnreachableTokenReviewer : ITokenReviewer
{
    public Task<TokenReviewResult> ReviewAsync(string token, IReadOnlyList<string> audiences, CancellationToken cancellationToken) =>
        Task.FromResult(TokenReviewResult.CannotReview("connection refused"));
}
