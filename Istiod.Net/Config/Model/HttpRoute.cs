using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>One HTTP route rule: the first rule whose match succeeds handles the request.</summary>
public sealed record HttpRoute
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("match")]
    public IReadOnlyList<HttpMatchRequest>? Match { get; init; }

    [JsonPropertyName("route")]
    public IReadOnlyList<HttpRouteDestination>? Route { get; init; }

    [JsonPropertyName("redirect")]
    public HttpRedirect? Redirect { get; init; }

    [JsonPropertyName("directResponse")]
    public HttpDirectResponse? DirectResponse { get; init; }

    [JsonPropertyName("delegate")]
    public Delegate? Delegate { get; init; }

    [JsonPropertyName("rewrite")]
    public HttpRewrite? Rewrite { get; init; }

    [JsonPropertyName("timeout")]
    public string? Timeout { get; init; }

    [JsonPropertyName("retries")]
    public HttpRetry? Retries { get; init; }

    [JsonPropertyName("fault")]
    public HttpFaultInjection? Fault { get; init; }

    [JsonPropertyName("mirror")]
    public Destination? Mirror { get; init; }

    [JsonPropertyName("mirrorPercentage")]
    public Percent? MirrorPercentage { get; init; }

    [JsonPropertyName("mirrorPercent")]
    public uint? MirrorPercent { get; init; }

    [JsonPropertyName("mirrors")]
    public IReadOnlyList<HttpMirrorPolicy>? Mirrors { get; init; }

    [JsonPropertyName("corsPolicy")]
    public CorsPolicy? CorsPolicy { get; init; }

    [JsonPropertyName("headers")]
    public Headers? Headers { get; init; }
}
