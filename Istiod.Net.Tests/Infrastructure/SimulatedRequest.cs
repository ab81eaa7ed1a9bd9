namespace Istiod.Net.Tests.Infrastructure;

/// <summary>
/// An HTTP request as a route table sees it. <see cref="Path"/> may carry a query string; the proxy that
/// sends it (its labels and namespace) is the one the route configuration was generated for.
/// </summary>
public sealed record SimulatedRequest
{
    public required string Authority { get; init; }
    public string Path { get; init; } = "/";
    public string Method { get; init; } = "GET";
    public string Scheme { get; init; } = "http";
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public static SimulatedRequest To(string authority, string path = "/") => new() { Authority = authority, Path = path };

    public SimulatedRequest With(string header, string value) =>
        this with { Headers = new Dictionary<string, string>(Headers, StringComparer.OrdinalIgnoreCase) { [header] = value } };
}
