namespace Istiod.Net.Config.Validation.Conformance;

/// <summary>How one case fared: passed (valid accepted, invalid rejected) and, for invalid ones, whether the field matched.</summary>
public sealed record ConformanceCaseResult(ConformanceCase Case, string Group, string? Kind, bool Passed, bool? FieldMatched, string Detail);
