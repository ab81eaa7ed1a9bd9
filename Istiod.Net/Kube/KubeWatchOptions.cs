namespace Istiod.Net.Kube;

/// <summary>Parameters of a watch request.</summary>
public sealed record KubeWatchOptions
{
    public string? Namespace { get; init; }

    public string? LabelSelector { get; init; }

    public string? FieldSelector { get; init; }

    /// <summary>Deliver changes after this version; null starts with synthetic ADDED events for every object.</summary>
    public string? ResourceVersion { get; init; }

    /// <summary>The server ends the watch after this long; the client gives up when silent for this plus a grace.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);

    public bool AllowBookmarks { get; init; } = true;
}
