namespace Istiod.Net.Tests.Infrastructure.FakeKube;

/// <summary>A request the fake server received, for tests to assert on.</summary>
public sealed record FakeKubeRequest(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Query,
    string? Authorization,
    string? ContentType,
    string? ClientCertificateSubject)
{
    public bool IsWatch => Query.TryGetValue("watch", out var w) && w == "true";

    public string? Param(string name) => Query.GetValueOrDefault(name);
}
