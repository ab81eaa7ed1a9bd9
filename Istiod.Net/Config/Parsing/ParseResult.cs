using Istiod.Net.Config.Model;
using Istiod.Net.Config.Store;
using Istiod.Net.Config.Validation;

namespace Istiod.Net.Config.Parsing;

/// <summary>
/// The outcome of one document: either a valid <see cref="ConfigObject"/> or every error found in it,
/// with where it came from and what it claimed to be (as far as that is known).
/// </summary>
public sealed record ParseResult
{
    /// <summary>Where the document came from: a file path, or a Kubernetes object reference.</summary>
    public required string Source { get; init; }

    /// <summary>0-based index of the YAML document in its source.</summary>
    public required int DocumentIndex { get; init; }

    /// <summary>0-based index in the <c>items</c> of a <c>kind: List</c> document; null otherwise.</summary>
    public int? ItemIndex { get; init; }

    public required ParseOutcome Outcome { get; init; }

    public string? ApiVersion { get; init; }

    /// <summary>The plain kind name (<c>VirtualService</c>).</summary>
    public string? Kind { get; init; }

    public string? Namespace { get; init; }

    public string? Name { get; init; }

    /// <summary>The object, when <see cref="Outcome"/> is <see cref="ParseOutcome.Accepted"/>; null otherwise.</summary>
    public ConfigObject? Config { get; init; }

    public IReadOnlyList<ValidationMessage> Errors { get; init; } = [];

    /// <summary>Problems that do not reject the document (deprecated fields, unknown kinds, ...).</summary>
    public IReadOnlyList<ValidationMessage> Warnings { get; init; } = [];

    /// <summary>
    /// The key the document claimed, when its kind is known and it has a name. A broken document with a
    /// known key keeps the last good version of that object in force.
    /// </summary>
    public ConfigKey? ClaimedKey =>
        Config?.Key ?? (Outcome == ParseOutcome.Invalid && Kind is not null && Namespace is not null && Name is not null
            ? new ConfigKey(Kind, Namespace, Name)
            : null);

    /// <summary>Where to find the document, for people: <c>samples/vs.yaml[2]</c> or <c>samples/list.yaml[0].items[3]</c>.</summary>
    public string Location => ItemIndex is { } item ? $"{Source}[{DocumentIndex}].items[{item}]" : $"{Source}[{DocumentIndex}]";

    /// <summary>The rejection entry for this document's errors (or warnings, for a skipped one).</summary>
    public ConfigRejection ToRejection(DateTimeOffset at)
    {
        var messages = Outcome == ParseOutcome.Skipped && Errors.Count == 0 ? Warnings : Errors;
        if (ItemIndex is { } item)
        {
            // The rejection's position is per YAML document; the list item goes in front of each path.
            messages = messages
                .Select(m => m with { Path = string.IsNullOrEmpty(m.Path) ? $"items[{item}]" : $"items[{item}].{m.Path}" })
                .ToArray();
        }

        return new ConfigRejection(Source, DocumentIndex, Kind, Namespace, Name, messages, at);
    }
}
