namespace Istiod.Net.Config.Parsing;

/// <summary>Text that is not valid YAML or JSON: where (document, 1-based line and column) and why.</summary>
internal sealed record SourceSyntaxError(int DocumentIndex, int Line, int Column, string Message)
{
    public override string ToString() => $"line {Line}, column {Column}: {Message}";
}
