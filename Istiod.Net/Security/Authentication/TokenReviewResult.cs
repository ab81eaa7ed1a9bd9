namespace Istiod.Net.Security.Authentication;

/// <summary>What a token reviewer learned about a bearer token. <see cref="Error"/> never repeats the token.</summary>
public sealed record TokenReviewResult
{
    public bool Authenticated { get; init; }

    /// <summary>True when the reviewer could not decide (for example, the API server was unreachable).</summary>
    public bool Unavailable { get; init; }

    public string? Namespace { get; init; }

    public string? ServiceAccount { get; init; }

    /// <summary>The audiences the token is valid for (for TokenReview: those of the requested ones it matched).</summary>
    public IReadOnlyList<string> Audiences { get; init; } = [];

    public string? Error { get; init; }

    public static TokenReviewResult Valid(string @namespace, string serviceAccount, IReadOnlyList<string> audiences) =>
        new() { Authenticated = true, Namespace = @namespace, ServiceAccount = serviceAccount, Audiences = audiences };

    public static TokenReviewResult Invalid(string error) => new() { Error = error };

    public static TokenReviewResult CannotReview(string error) => new() { Unavailable = true, Error = error };
}
