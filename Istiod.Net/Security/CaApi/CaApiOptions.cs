namespace Istiod.Net.Security.CaApi;

/// <summary>How the CA API treats its callers.</summary>
public sealed record CaApiOptions
{
    /// <summary>
    /// Development only: answer CA requests that arrive without TLS. A bearer token on a plaintext
    /// connection can be read by anyone on the path, so this is off unless asked for by name.
    /// </summary>
    public bool InsecureAllowPlaintextForDevelopment { get; init; }
}
