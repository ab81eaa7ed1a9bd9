using Istiod.Net.Grpc;
using Istiod.Net.Security.Ca;

namespace Istiod.Net.Security.Authentication;

/// <summary>
/// Authenticates a caller by <c>authorization: Bearer &lt;service-account token&gt;</c>, checked by an
/// <see cref="ITokenReviewer"/> for the CA's audience. The identity is the token's namespace and service
/// account in the CA's trust domain.
/// </summary>
public sealed class BearerTokenAuthenticator(ITokenReviewer reviewer, string trustDomain, string audience = BearerTokenAuthenticator.IstioCaAudience)
    : IAuthenticator
{
    public const string IstioCaAudience = "istio-ca";

    /// <summary>Far above a real service-account token (about 1 KiB); bounds what is hashed or sent on.</summary>
    public const int MaxTokenLength = 16 * 1024;

    private const string Prefix = "Bearer ";

    public BearerTokenAuthenticator(ITokenReviewer reviewer, CertificateAuthority ca, string audience = IstioCaAudience)
        : this(reviewer, ca.TrustDomain, audience)
    {
    }

    public string Method => "bearer-token";

    public async Task<AuthenticationResult> AuthenticateAsync(GrpcCallContext call)
    {
        if (!call.RequestHeaders.TryGetValue("authorization", out var header) || string.IsNullOrWhiteSpace(header))
        {
            return AuthenticationResult.NoCredential(Method);
        }

        if (!header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticationResult.Rejected(Method, "the authorization header is not a Bearer token.");
        }

        var token = header[Prefix.Length..].Trim();
        if (token.Length == 0)
        {
            return AuthenticationResult.Rejected(Method, "the Bearer token is empty.");
        }

        if (token.Length > MaxTokenLength)
        {
            return AuthenticationResult.Rejected(Method, $"the Bearer token is longer than {MaxTokenLength} characters.");
        }

        TokenReviewResult review;
        try
        {
            review = await reviewer.ReviewAsync(token, [audience], call.CancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (call.CancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TimeoutException or OperationCanceledException)
        {
            return AuthenticationResult.Unavailable(Method, $"the token could not be reviewed: {e.Message}");
        }

        if (review.Unavailable)
        {
            return AuthenticationResult.Unavailable(Method, $"the token could not be reviewed: {review.Error}");
        }

        if (!review.Authenticated)
        {
            return AuthenticationResult.Rejected(Method, $"the token is not valid: {review.Error ?? "rejected by the token reviewer"}");
        }

        // The reviewer was asked for this audience; checking again guards against a reviewer that ignores it.
        if (!review.Audiences.Contains(audience, StringComparer.Ordinal))
        {
            return AuthenticationResult.Rejected(Method, $"the token is not valid for audience '{audience}'.");
        }

        if (review.Namespace is null || review.ServiceAccount is null)
        {
            return AuthenticationResult.Rejected(Method, "the token does not name a namespace and service account.");
        }

        try
        {
            return AuthenticationResult.Success(Method, new SpiffeIdentity(trustDomain, review.Namespace, review.ServiceAccount));
        }
        catch (ArgumentException e)
        {
            return AuthenticationResult.Rejected(Method, $"the token's identity cannot be a SPIFFE identity: {e.Message}");
        }
    }
}
