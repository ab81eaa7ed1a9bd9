namespace Istiod.Net.Config.Validation.Conformance;

/// <summary>
/// One document of a conformance file: the YAML without its <c>_err</c> line, whether it is expected to
/// be valid, and (for invalid ones) Istio's message and the field path it names, when it names one.
/// </summary>
public sealed record ConformanceCase(string File, int DocumentIndex, string Yaml, bool ExpectValid, string? ExpectedError, string? ExpectedPath);
