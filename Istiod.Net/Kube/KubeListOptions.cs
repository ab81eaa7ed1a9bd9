namespace Istiod.Net.Kube;

/// <summary>Parameters of a list request.</summary>
public sealed record KubeListOptions
{
    /// <summary>Namespace to list in; null lists every namespace (or a cluster-scoped type).</summary>
    public string? Namespace { get; init; }

    public string? LabelSelector { get; init; }

    public string? FieldSelector { get; init; }

    /// <summary>Page size; 0 asks for everything in one response.</summary>
    public int Limit { get; init; }

    public string? Continue { get; init; }

    /// <summary>"0" allows a cached answer; null asks for the latest state.</summary>
    public string? ResourceVersion { get; init; }
}
