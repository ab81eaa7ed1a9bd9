using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>The proxy image flavour a ProxyConfig asks for (e.g. distroless).</summary>
public sealed record ProxyImage
{
    [JsonPropertyName("imageType")]
    public string? ImageType { get; init; }
}
