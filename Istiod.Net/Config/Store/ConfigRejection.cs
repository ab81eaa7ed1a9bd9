using Istiod.Net.Config.Validation;

namespace Istiod.Net.Config.Store;

/// <summary>
/// A document that did not get in: where it came from (file and 0-based document index, or a Kubernetes
/// object), what it claimed to be, and every error with its field path.
/// </summary>
public sealed record ConfigRejection(
    string Source,
    int DocumentIndex,
    string? Kind,
    string? Namespace,
    string? Name,
    IReadOnlyList<ValidationMessage> Errors,
    DateTimeOffset At)
{
    public override string ToString() =>
        $"{Source}[{DocumentIndex}] {Kind}/{Namespace}/{Name}: {string.Join("; ", Errors)}";
}
