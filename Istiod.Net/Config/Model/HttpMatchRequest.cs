using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>Conditions on an HTTP request; all given conditions must hold.</summary>
public sealed record HttpMatchRequest
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("uri")]
    public StringMatch? Uri { get; init; }

    [JsonPropertyName("scheme")]
    public StringMatch? Scheme { get; init; }

    [JsonPropertyName("method")]
    public StringMatch? Method { get; init; }

    [JsonPropertyName("authority")]
    public StringMatch? Authority { get; init; }

    [JsonPropertyName("headers")]
    public IReadOnlyDictionary<string, StringMatch>? Headers { get; init; }

    [JsonPropertyName("port")]
    public uint? Port { get; init; }

    [JsonPropertyName("sourceLabels")]
    public IReadOnlyDictionary<string, string>? SourceLabels { get; init; }

    [JsonPropertyName("gateways")]
    public IReadOnlyList<string>? Gateways { get; init; }

    [JsonPropertyName("queryParams")]
    public IReadOnlyDictionary<string, StringMatch>? QueryParams { get; init; }

    [JsonPropertyName("ignoreUriCase")]
    public bool? IgnoreUriCase { get; init; }

    [JsonPropertyName("withoutHeaders")]
    public IReadOnlyDictionary<string, StringMatch>? WithoutHeaders { get; init; }

    [JsonPropertyName("sourceNamespace")]
    public string? SourceNamespace { get; init; }

    [JsonPropertyName("statPrefix")]
    public string? StatPrefix { get; init; }
}
