using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>Answers directly with a fixed status and body.</summary>
public sealed record HttpDirectResponse
{
    [JsonPropertyName("status")]
    public uint? Status { get; init; }

    [JsonPropertyName("body")]
    public HttpBody? Body { get; init; }
}
