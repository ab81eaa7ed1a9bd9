using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Envoy.Extensions.TransportSockets.RawBuffer.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Envoy.Type.Matcher.V3;
using Google.Protobuf.WellKnownTypes;
using Istiod.Net.Config.Model;
using Istiod.Net.Xds.Generation.Endpoints;
using Istiod.Net.Xds.Generation.Tls;

namespace Istiod.Net.Xds.Generation.Clusters;

/// <summary>
/// The client side TLS of an outbound cluster. A DestinationRule's <c>tls</c> wins: DISABLE is plaintext,
/// SIMPLE and MUTUAL originate TLS with certificates from files or from SDS <c>kubernetes://credentialName</c>,
/// ISTIO_MUTUAL is mesh mTLS. Without one, auto mTLS decides per endpoint through transport_socket_matches:
/// endpoints EDS marks <c>tlsMode: istio</c> get mesh mTLS, the others plaintext. Per endpoint rather than per
/// cluster, so a half-migrated service works and an endpoint change never needs a new cluster.
/// </summary>
public static class UpstreamTls
{
    public const string IstioMatchName = "tlsMode-istio";
    public const string PlaintextMatchName = "tlsMode-disabled";
    public const string RawBufferName = "envoy.transport_sockets.raw_buffer";

    public static void Apply(
        Cluster cluster, ClientTlsSettings? tls, bool autoMtls, string meshSni, IReadOnlyList<string> spiffeIds)
    {
        switch (tls?.Mode)
        {
            case ClientTlsMode.Disable:
                return;
            case ClientTlsMode.IstioMutual:
                cluster.TransportSocket = MeshTls.Client(
                    string.IsNullOrEmpty(tls.Sni) ? meshSni : tls.Sni,
                    tls.SubjectAltNames is { Count: > 0 } sans ? sans : spiffeIds);
                return;
            case ClientTlsMode.Simple or ClientTlsMode.Mutual:
                cluster.TransportSocket = new TransportSocket { Name = MeshTls.TransportSocketName, TypedConfig = Any.Pack(Originate(tls)) };
                return;
        }

        if (!autoMtls)
        {
            return;
        }

        var match = new Struct();
        match.Fields[EnvoyLbEndpoints.TlsModeField] = Value.ForString(EnvoyLbEndpoints.IstioTlsMode);
        cluster.TransportSocketMatches.Add(new Cluster.Types.TransportSocketMatch
        {
            Name = IstioMatchName,
            Match = match,
            TransportSocket = MeshTls.Client(meshSni, spiffeIds),
        });
        cluster.TransportSocketMatches.Add(new Cluster.Types.TransportSocketMatch
        {
            Name = PlaintextMatchName,
            Match = new Struct(),
            TransportSocket = RawBuffer(),
        });
    }

    public static TransportSocket RawBuffer() =>
        new() { Name = RawBufferName, TypedConfig = Any.Pack(new RawBuffer()) };

    /// <summary>SIMPLE or MUTUAL TLS origination to a destination outside mesh mTLS.</summary>
    private static UpstreamTlsContext Originate(ClientTlsSettings tls)
    {
        var common = new CommonTlsContext();
        var credential = string.IsNullOrEmpty(tls.CredentialName) ? null : tls.CredentialName;
        if (tls.Mode == ClientTlsMode.Mutual)
        {
            if (credential is not null)
            {
                common.TlsCertificateSdsSecretConfigs.Add(SdsSecrets.Reference(SdsSecrets.Credential(credential)));
            }
            else if (!string.IsNullOrEmpty(tls.ClientCertificate) && !string.IsNullOrEmpty(tls.PrivateKey))
            {
                common.TlsCertificates.Add(new TlsCertificate
                {
                    CertificateChain = new DataSource { Filename = tls.ClientCertificate },
                    PrivateKey = new DataSource { Filename = tls.PrivateKey },
                });
            }
        }

        // Envoy refuses SAN checks without a trusted CA, and insecureSkipVerify asks for neither.
        if (tls.InsecureSkipVerify != true)
        {
            if (credential is not null)
            {
                common.CombinedValidationContext = new CommonTlsContext.Types.CombinedCertificateValidationContext
                {
                    DefaultValidationContext = SanMatchers(tls.SubjectAltNames),
                    ValidationContextSdsSecretConfig = SdsSecrets.Reference(SdsSecrets.CredentialCa(credential)),
                };
            }
            else if (!string.IsNullOrEmpty(tls.CaCertificates))
            {
                var validation = SanMatchers(tls.SubjectAltNames);
                validation.TrustedCa = new DataSource { Filename = tls.CaCertificates };
                if (!string.IsNullOrEmpty(tls.CaCrl))
                {
                    validation.Crl = new DataSource { Filename = tls.CaCrl };
                }

                common.ValidationContext = validation;
            }
        }

        return new UpstreamTlsContext { CommonTlsContext = common, Sni = tls.Sni ?? "" };
    }

    /// <summary>A SPIFFE id is a URI SAN; anything else is taken as a DNS name.</summary>
    private static CertificateValidationContext SanMatchers(IReadOnlyList<string>? names)
    {
        var validation = new CertificateValidationContext();
        foreach (var name in names ?? [])
        {
            validation.MatchTypedSubjectAltNames.Add(new SubjectAltNameMatcher
            {
                SanType = name.Contains("://", StringComparison.Ordinal)
                    ? SubjectAltNameMatcher.Types.SanType.Uri
                    : SubjectAltNameMatcher.Types.SanType.Dns,
                Matcher = new StringMatcher { Exact = name },
            });
        }

        return validation;
    }
}
