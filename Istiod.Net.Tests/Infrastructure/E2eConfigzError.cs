namespace Istiod.Net.Tests.Infrastructure;

/// <summary>One error of a rejected document: the field path and what is wrong there.</summary>
public sealed record E2eConfigzError
{
    public string? Path { get; init; }

    public string Message { get; init; } = "";

    public override string ToString() => $"{Path}: {Message}";
}
