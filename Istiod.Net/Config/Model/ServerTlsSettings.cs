using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>TLS termination or passthrough at a gateway server.</summary>
public sealed record ServerTlsSettings
{
    [JsonPropertyName("httpsRedirect")]
    public bool? HttpsRedirect { get; init; }

    [JsonPropertyName("mode")]
    public ServerTlsMode? Mode { get; init; }

    [JsonPropertyName("serverCertificate")]
    public string? ServerCertificate { get; init; }

    [JsonPropertyName("privateKey")]
    public string? PrivateKey { get; init; }

    [JsonPropertyName("caCertificates")]
    public string? CaCertificates { get; init; }

    [JsonPropertyName("credentialName")]
    public string? CredentialName { get; init; }

    [JsonPropertyName("credentialNames")]
    public IReadOnlyList<string>? CredentialNames { get; init; }

    [JsonPropertyName("subjectAltNames")]
    public IReadOnlyList<string>? SubjectAltNames { get; init; }

    [JsonPropertyName("verifyCertificateSpki")]
    public IReadOnlyList<string>? VerifyCertificateSpki { get; init; }

    [JsonPropertyName("verifyCertificateHash")]
    public IReadOnlyList<string>? VerifyCertificateHash { get; init; }

    [JsonPropertyName("minProtocolVersion")]
    public string? MinProtocolVersion { get; init; }

    [JsonPropertyName("maxProtocolVersion")]
    public string? MaxProtocolVersion { get; init; }

    [JsonPropertyName("cipherSuites")]
    public IReadOnlyList<string>? CipherSuites { get; init; }

    [JsonPropertyName("caCrl")]
    public string? CaCrl { get; init; }
}
