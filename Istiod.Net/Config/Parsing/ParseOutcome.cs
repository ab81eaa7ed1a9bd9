namespace Istiod.Net.Config.Parsing;

/// <summary>What became of one document.</summary>
public enum ParseOutcome
{
    /// <summary>Parsed and valid: <see cref="ParseResult.Config"/> holds it.</summary>
    Accepted,

    /// <summary>Parsed far enough to know what it is, but wrong: see <see cref="ParseResult.Errors"/>.</summary>
    Invalid,

    /// <summary>A kind this control plane does not handle; ignored without harm to other documents.</summary>
    Skipped,

    /// <summary>
    /// The whole source could not be read (YAML/JSON syntax error, I/O error). Nothing in it is trusted,
    /// so the store keeps every object the source last contributed.
    /// </summary>
    Unreadable,
}
