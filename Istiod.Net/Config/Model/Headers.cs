using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>Header operations for the request and the response.</summary>
public sealed record Headers
{
    [JsonPropertyName("request")]
    public HeaderOperations? Request { get; init; }

    [JsonPropertyName("response")]
    public HeaderOperations? Response { get; init; }
}
