namespace Istiod.Net.Security.Kube;

/// <summary>Where the singleton writers write and how often they look again.</summary>
public sealed record LeaderWorkOptions
{
    /// <summary>The control plane's namespace: istio-ca-secret lives here.</summary>
    public required string Namespace { get; init; }

    /// <summary>Our ValidatingWebhookConfiguration (the chart's name); null to leave webhooks alone.</summary>
    public string? ValidatingWebhookConfiguration { get; init; }

    /// <summary>Our MutatingWebhookConfiguration; only its caBundle is kept right.</summary>
    public string? MutatingWebhookConfiguration { get; init; }

    /// <summary>How often the CA secret is read by every replica, and the webhooks re-checked by the leader.</summary>
    public TimeSpan Period { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Delay before a failed write is tried again.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(2);
}
