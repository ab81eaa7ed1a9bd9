namespace Istiod.Net.Config.Model;

/// <summary>The Kubernetes metadata the control plane reads from a config object.</summary>
public sealed record ConfigMeta
{
    public required string Name { get; init; }
    public required string Namespace { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = EmptyMap;
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = EmptyMap;
    public string? ResourceVersion { get; init; }
    public long Generation { get; init; }
    public DateTimeOffset? CreationTimestamp { get; init; }

    private static readonly IReadOnlyDictionary<string, string> EmptyMap = new Dictionary<string, string>();
}
