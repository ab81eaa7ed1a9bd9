using System.Text.Json;

namespace Istiod.Net.Tests.Infrastructure;

/// <summary>One config object in force, as /debug/configz shows it.</summary>
public sealed record E2eConfigzEntry
{
    public string Kind { get; init; } = "";

    public string? Namespace { get; init; }

    public string Name { get; init; } = "";

    public JsonElement Spec { get; init; }
}
