using Envoy.Config.Core.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Google.Protobuf.WellKnownTypes;
using Istiod.Net.Config.Model;
using Istiod.Net.Xds.Generation.Tls;

namespace Istiod.Net.Xds.Generation.Listeners;

/// <summary>
/// The downstream TLS of a gateway server that terminates TLS. Certificates come over SDS as
/// <c>kubernetes://credentialName</c> (and the client CA as <c>…-cacert</c> for MUTUAL), or from files
/// named by serverCertificate/privateKey/caCertificates; ISTIO_MUTUAL uses the mesh's <c>default</c> and
/// <c>ROOTCA</c>. Null when the server names no certificate at all.
/// </summary>
public static class GatewayTls
{
    public static TransportSocket? Downstream(ServerTlsSettings? tls, IEnumerable<string> alpn)
    {
        if (tls?.Mode == ServerTlsMode.IstioMutual)
        {
            return MeshTls.Server(alpn);
        }

        var common = new CommonTlsContext();
        common.AlpnProtocols.Add(alpn);
        var credential = tls?.CredentialName ?? tls?.CredentialNames?.FirstOrDefault();
        if (credential is { Length: > 0 })
        {
            common.TlsCertificateSdsSecretConfigs.Add(SdsSecrets.Reference(SdsSecrets.Credential(credential)));
        }
        else if (tls?.ServerCertificate is { Length: > 0 } cert && tls.PrivateKey is { Length: > 0 } key)
        {
            common.TlsCertificates.Add(new TlsCertificate
            {
                CertificateChain = new DataSource { Filename = cert },
                PrivateKey = new DataSource { Filename = key },
            });
        }
        else
        {
            return null;
        }

        var mutual = tls!.Mode is ServerTlsMode.Mutual or ServerTlsMode.OptionalMutual;
        if (mutual)
        {
            if (credential is { Length: > 0 })
            {
                common.ValidationContextSdsSecretConfig = SdsSecrets.Reference(SdsSecrets.CredentialCa(credential));
            }
            else if (tls.CaCertificates is { Length: > 0 } ca)
            {
                common.ValidationContext = new CertificateValidationContext { TrustedCa = new DataSource { Filename = ca } };
            }
        }

        var parameters = Parameters(tls);
        if (parameters is not null)
        {
            common.TlsParams = parameters;
        }

        var context = new DownstreamTlsContext { CommonTlsContext = common };
        if (tls.Mode == ServerTlsMode.Mutual)
        {
            context.RequireClientCertificate = true;
        }

        return new TransportSocket { Name = MeshTls.TransportSocketName, TypedConfig = Any.Pack(context) };
    }

    private static TlsParameters? Parameters(ServerTlsSettings tls)
    {
        if (tls.MinProtocolVersion is null && tls.MaxProtocolVersion is null && tls.CipherSuites is not { Count: > 0 })
        {
            return null;
        }

        var parameters = new TlsParameters
        {
            TlsMinimumProtocolVersion = Version(tls.MinProtocolVersion),
            TlsMaximumProtocolVersion = Version(tls.MaxProtocolVersion),
        };
        parameters.CipherSuites.Add(tls.CipherSuites ?? []);
        return parameters;
    }

    private static TlsParameters.Types.TlsProtocol Version(string? istio) => istio?.ToUpperInvariant() switch
    {
        "TLSV1_0" => TlsParameters.Types.TlsProtocol.Tlsv10,
        "TLSV1_1" => TlsParameters.Types.TlsProtocol.Tlsv11,
        "TLSV1_2" => TlsParameters.Types.TlsProtocol.Tlsv12,
        "TLSV1_3" => TlsParameters.Types.TlsProtocol.Tlsv13,
        _ => TlsParameters.Types.TlsProtocol.TlsAuto,
    };
}
