using Envoy.Config.Core.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Envoy.Type.Matcher.V3;
using Google.Protobuf.WellKnownTypes;

namespace Istiod.Net.Xds.Generation.Tls;

/// <summary>
/// The transport sockets of mesh mutual TLS (Istio's ISTIO_MUTUAL): both sides present the workload
/// certificate <c>default</c> and trust <c>ROOTCA</c>, both fetched over SDS. Sidecar inbound chains use
/// the server side; clusters to mesh destinations the client side.
/// </summary>
public static class MeshTls
{
    public const string TransportSocketName = "envoy.transport_sockets.tls";

    /// <summary>The ALPN value Istio clients offer on mesh mTLS; inbound chains match it to tell mesh TLS from app TLS.</summary>
    public const string MeshAlpn = "istio";

    /// <summary>Server side: present <c>default</c>, require a client certificate chained to <c>ROOTCA</c>.</summary>
    public static TransportSocket Server(IEnumerable<string>? alpn = null)
    {
        var context = new DownstreamTlsContext
        {
            CommonTlsContext = Common(alpn ?? ["h2", "http/1.1"], sanSpiffeIds: []),
            RequireClientCertificate = true,
        };
        return new TransportSocket { Name = TransportSocketName, TypedConfig = Any.Pack(context) };
    }

    /// <summary>
    /// Client side: present <c>default</c>, verify the server against <c>ROOTCA</c> and, when any are
    /// given, one of <paramref name="sanSpiffeIds"/> (the destination's service accounts).
    /// </summary>
    public static TransportSocket Client(string sni, IEnumerable<string> sanSpiffeIds, IEnumerable<string>? alpn = null)
    {
        var context = new UpstreamTlsContext
        {
            CommonTlsContext = Common(alpn ?? [MeshAlpn], sanSpiffeIds),
            Sni = sni,
        };
        return new TransportSocket { Name = TransportSocketName, TypedConfig = Any.Pack(context) };
    }

    private static CommonTlsContext Common(IEnumerable<string> alpn, IEnumerable<string> sanSpiffeIds)
    {
        var validation = new CertificateValidationContext();
        foreach (var id in sanSpiffeIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            validation.MatchTypedSubjectAltNames.Add(new SubjectAltNameMatcher
            {
                SanType = SubjectAltNameMatcher.Types.SanType.Uri,
                Matcher = new StringMatcher { Exact = id },
            });
        }

        var common = new CommonTlsContext
        {
            CombinedValidationContext = new CommonTlsContext.Types.CombinedCertificateValidationContext
            {
                DefaultValidationContext = validation,
                ValidationContextSdsSecretConfig = SdsSecrets.Reference(SdsSecrets.RootCa),
            },
        };
        common.TlsCertificateSdsSecretConfigs.Add(SdsSecrets.Reference(SdsSecrets.WorkloadCertificate));
        common.AlpnProtocols.Add(alpn);
        return common;
    }
}
