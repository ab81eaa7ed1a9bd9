namespace Istiod.Net.Kube;

/// <summary>The status of a TokenReview: who the token belongs to and for which audiences it is valid.</summary>
public sealed record TokenReviewResult(
    bool Authenticated,
    string? Username,
    string? Uid,
    IReadOnlyList<string> Groups,
    IReadOnlyList<string> Audiences,
    string? Error);
