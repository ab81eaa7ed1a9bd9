namespace Istiod.Net.Config.Mesh;

/// <summary>Whether (and how much of) the request body goes to the external authorizer.</summary>
public sealed record ExtAuthzRequestBody
{
    public uint MaxRequestBytes { get; init; }

    public bool AllowPartialMessage { get; init; }

    public bool PackAsBytes { get; init; }
}
