using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>The mutual TLS setting of a PeerAuthentication (or of one port).</summary>
public sealed record PeerAuthenticationMtls
{
    [JsonPropertyName("mode")]
    public MutualTlsMode? Mode { get; init; }
}
