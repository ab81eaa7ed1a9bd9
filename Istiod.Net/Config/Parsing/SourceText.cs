namespace Istiod.Net.Config.Parsing;

/// <summary>The documents read from one source text, or the syntax error that stopped reading it.</summary>
internal sealed record SourceText(IReadOnlyList<SourceDocument> Documents, SourceSyntaxError? Error);
