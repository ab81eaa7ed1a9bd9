using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>TLS from the proxy to the destination.</summary>
public sealed record ClientTlsSettings
{
    [JsonPropertyName("mode")]
    public ClientTlsMode? Mode { get; init; }

    [JsonPropertyName("clientCertificate")]
    public string? ClientCertificate { get; init; }

    [JsonPropertyName("privateKey")]
    public string? PrivateKey { get; init; }

    [JsonPropertyName("caCertificates")]
    public string? CaCertificates { get; init; }

    [JsonPropertyName("credentialName")]
    public string? CredentialName { get; init; }

    [JsonPropertyName("subjectAltNames")]
    public IReadOnlyList<string>? SubjectAltNames { get; init; }

    [JsonPropertyName("sni")]
    public string? Sni { get; init; }

    [JsonPropertyName("insecureSkipVerify")]
    public bool? InsecureSkipVerify { get; init; }

    [JsonPropertyName("caCrl")]
    public string? CaCrl { get; init; }
}
