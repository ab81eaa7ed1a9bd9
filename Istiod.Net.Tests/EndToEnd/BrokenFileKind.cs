namespace Istiod.Net.Tests.EndToEnd;

/// <summary>The two ways a VirtualService file breaks in the end-to-end tests.</summary>
public enum BrokenFileKind
{
    /// <summary>The file is not YAML at all (an unclosed flow sequence).</summary>
    BadYaml,

    /// <summary>Valid YAML, but a route weight is a word where an integer belongs.</summary>
    WrongType,
}
