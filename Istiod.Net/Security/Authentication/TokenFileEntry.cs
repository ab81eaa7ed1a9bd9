namespace Istiod.Net.Security.Authentication;

/// <summary>One token of a token file: whom it identifies, for which audiences, until when.</summary>
public sealed record TokenFileEntry
{
    public required string Namespace { get; init; }

    public required string ServiceAccount { get; init; }

    public required IReadOnlyList<string> Audiences { get; init; }

    /// <summary>When the token stops being accepted; null for no expiry.</summary>
    public DateTimeOffset? Expiry { get; init; }
}
