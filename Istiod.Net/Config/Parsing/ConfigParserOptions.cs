namespace Istiod.Net.Config.Parsing;

/// <summary>How documents are read.</summary>
public sealed record ConfigParserOptions
{
    /// <summary>The namespace of a document whose metadata names none.</summary>
    public string DefaultNamespace { get; init; } = "default";

    /// <summary>Run each kind's validator after the spec deserializes. Off only for tools that want raw parsing.</summary>
    public bool Validate { get; init; } = true;
}
