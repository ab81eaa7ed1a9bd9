namespace Istiod.Net.Kube;

/// <summary>Client-wide limits.</summary>
public sealed record KubeClientOptions
{
    /// <summary>Longest a non-watch request may take, and longest a watch may take to answer with headers.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Extra silence allowed on a watch past its timeoutSeconds before the client declares it dead.</summary>
    public TimeSpan WatchGrace { get; init; } = TimeSpan.FromSeconds(30);

    public string UserAgent { get; init; } = "istiod-net";
}
